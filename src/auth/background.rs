//! Threads that hash passwords behind everything else (issue #22). Argon2 is meant to take a
//! core for tens of milliseconds; during a rush of sign-ins the hashing threads would take every
//! core from the server's workers and PostgreSQL, and every page would wait. These threads run
//! at a lower priority (nice 10, Linux), so pages go first and hashes take what is left; the
//! [`Hashing`](super::Hashing) gate still bounds how many wait (503 after its queue time). One
//! thread a core, started on first use.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// The niceness of the hashing threads (Linux): a busy core gives them about a tenth of what a
/// default thread gets. Never less: a policy that runs them only on an idle core (`SCHED_IDLE`)
/// starved them outright while the test suite kept every core busy, and a sign-in waited on its
/// hash for as long as the load lasted.
pub const NICENESS: i32 = 10;

static JOBS: OnceLock<mpsc::Sender<Job>> = OnceLock::new();

fn jobs() -> &'static mpsc::Sender<Job> {
    JOBS.get_or_init(|| {
        let (send, receive) = mpsc::channel::<Job>();
        let receive = Arc::new(Mutex::new(receive));
        for n in 0..crate::config::server_workers() {
            let receive = receive.clone();
            let started = std::thread::Builder::new()
                .name(format!("hashing-{n}"))
                .spawn(move || {
                    lower_priority();
                    // Ends when the channel does (never, in a running server).
                    while let Some(job) = receive.lock().ok().and_then(|r| r.recv().ok()) {
                        job();
                    }
                });
            if let Err(e) = started {
                tracing::error!(error = %e, "a hashing thread could not start");
            }
        }
        send
    })
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // On Linux a thread has its own niceness: a thread id names only the caller.
    // SAFETY: plain system calls on the calling thread, with no memory passed.
    let done = unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, NICENESS)
    };
    if done != 0 {
        tracing::warn!("the hashing thread keeps the default priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Runs `work` on a hashing thread and waits for its answer without blocking the runtime.
/// `None` when no hashing thread could take it.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (answer, told) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    jobs().send(job).ok()?;
    told.await.ok()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    #[cfg(target_os = "linux")]
    async fn hashing_runs_at_a_lower_priority_than_the_caller() {
        let niceness = || {
            // SAFETY: a plain system call about the calling thread.
            unsafe {
                libc::getpriority(
                    libc::PRIO_PROCESS,
                    libc::syscall(libc::SYS_gettid) as libc::id_t,
                )
            }
        };
        let caller = niceness();
        let worker = super::run(niceness).await.expect("a hashing thread");
        assert_eq!(
            worker,
            super::NICENESS.max(caller),
            "the caller at {caller}"
        );
        assert_eq!(niceness(), caller, "the caller's own priority is untouched");
    }
}
