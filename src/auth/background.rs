//! Threads that hash passwords behind everything else (issue #22). Argon2 is meant to take a
//! core for tens of milliseconds; during a rush of sign-ins the hashing threads would take every
//! core from the server's workers and PostgreSQL, and every page would wait. These threads run
//! under Linux's `SCHED_IDLE` policy, so pages go first and hashes use what is left; the
//! [`Hashing`](super::Hashing) gate still bounds how many wait (503 after its queue time). One
//! thread a core, started on first use.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// Linux's scheduling policy for work to run only when a core has nothing else to do
/// (`SCHED_IDLE`: a thread that wakes to serve a page takes the core at once).
#[cfg(target_os = "linux")]
const SCHED_IDLE: libc::c_int = 5;

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
    // On Linux a thread has its own policy: a thread id names only the caller.
    // SAFETY: plain system calls on the calling thread; `param` outlives the call.
    let done = unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::pid_t;
        let param = libc::sched_param { sched_priority: 0 };
        libc::sched_setscheduler(tid, SCHED_IDLE, &param)
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
    async fn hashing_runs_only_when_a_core_has_nothing_else_to_do() {
        let policy = || {
            // SAFETY: a plain system call about the calling thread.
            unsafe { libc::sched_getscheduler(libc::syscall(libc::SYS_gettid) as libc::pid_t) }
        };
        let caller = policy();
        let worker = super::run(policy).await.expect("a hashing thread");
        assert_eq!(worker, super::SCHED_IDLE);
        assert_eq!(
            caller,
            libc::SCHED_OTHER,
            "the caller's own policy is untouched"
        );
        assert_eq!(policy(), caller);
    }
}
