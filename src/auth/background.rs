//! Threads that hash passwords behind everything else (issue #22). Argon2 is meant to take a
//! core for tens of milliseconds; during a rush of sign-ins the hashing threads would take every
//! core from the server's workers and PostgreSQL, and every page would wait.
//!
//! A hash first runs on an *idle* thread (Linux `SCHED_IDLE`): it gets a core only when nothing
//! else wants one, and gives it up the moment a page's thread wakes, so a rush of sign-ins costs
//! the pages nothing. Under a load that keeps every core busy for long, such a thread would get
//! no CPU at all and a sign-in would wait for as long as the load lasted; so a hash not done after
//! [`IDLE_GRACE`] is also started on a *fallback* thread at a lower priority than the pages'
//! (nice [`NICENESS`]), which gets a share of a busy core, and the first answer counts. The
//! [`Hashing`](super::Hashing) gate still bounds how many hashes run and wait (503 after its
//! queue time). One thread a core in each pool, started on first use.
//!
//! A thread that may wait long for a core must never hold a lock a page's thread takes, or the
//! page waits with it (priority inversion: seen as stalls of tens of milliseconds). So work
//! reaches the hashing threads through a lock-free queue and a thread unpark (a futex), and
//! answers leave through a *messenger* thread at the default priority, which alone wakes the
//! waiting request (waking a Tokio task takes its runtime's lock).

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::Thread;
use std::time::Duration;

use crossbeam_queue::SegQueue;

type Job = Box<dyn FnOnce() + Send>;

/// How long a hash may wait for idle CPU before a fallback thread runs it as well: some thirty
/// hashes' time on an idle core. Measured (`tests/load/signins.sh`): with a second, a rush of
/// sign-ins beside a page load that keeps the cores busy leaves the pages' p99 within 3 × idle
/// (250 ms: 3.6 ×, the fallback threads taking their share too often); the price is a sign-in a
/// second slower on a machine busy for that long.
pub const IDLE_GRACE: Duration = Duration::from_millis(1000);

/// The niceness of the fallback threads (Linux): a busy core gives them about a tenth of what a
/// default thread gets.
pub const NICENESS: i32 = 10;

/// A pool of threads at one priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pool {
    /// Hashing, `SCHED_IDLE`: only CPU nothing else wants.
    Idle,
    /// Hashing, nice [`NICENESS`]: a small share of a busy core.
    Fallback,
    /// Passing answers on, at the default priority.
    Messenger,
}

/// A pool's queue and its threads (to wake).
struct Lane {
    jobs: Arc<SegQueue<Job>>,
    threads: Vec<Thread>,
}

impl Lane {
    fn start(pool: Pool) -> Lane {
        let jobs: Arc<SegQueue<Job>> = Arc::default();
        let count = match pool {
            Pool::Messenger => 1,
            Pool::Idle | Pool::Fallback => crate::config::server_workers(),
        };
        let threads = (0..count)
            .filter_map(|n| {
                let jobs = jobs.clone();
                let started = std::thread::Builder::new()
                    .name(format!("hashing-{pool:?}-{n}").to_lowercase())
                    .spawn(move || {
                        if pool != Pool::Messenger {
                            super::keep_memory();
                        }
                        lower_priority(pool);
                        // Ends only with the process.
                        loop {
                            match jobs.pop() {
                                Some(job) => job(),
                                // A wake before the park makes the park return at once.
                                None => std::thread::park(),
                            }
                        }
                    });
                started
                    .map_err(|e| tracing::error!(error = %e, "a hashing thread could not start"))
                    .ok()
                    .map(|t| t.thread().clone())
            })
            .collect();
        Lane { jobs, threads }
    }

    /// Queues `job` and wakes the pool's threads; false when the pool has none.
    fn send(&self, job: Job) -> bool {
        if self.threads.is_empty() {
            return false;
        }
        self.jobs.push(job);
        for t in &self.threads {
            t.unpark();
        }
        true
    }
}

fn lane(pool: Pool) -> &'static Lane {
    static IDLE: OnceLock<Lane> = OnceLock::new();
    static FALLBACK: OnceLock<Lane> = OnceLock::new();
    static MESSENGER: OnceLock<Lane> = OnceLock::new();
    let cell = match pool {
        Pool::Idle => &IDLE,
        Pool::Fallback => &FALLBACK,
        Pool::Messenger => &MESSENGER,
    };
    cell.get_or_init(|| Lane::start(pool))
}

#[cfg(target_os = "linux")]
fn lower_priority(pool: Pool) {
    // On Linux a thread has its own policy and niceness: 0 and a thread id name only the caller.
    // SAFETY: plain system calls on the calling thread; `param` outlives the call.
    let done = unsafe {
        match pool {
            Pool::Idle => {
                let param = libc::sched_param { sched_priority: 0 };
                libc::sched_setscheduler(0, libc::SCHED_IDLE, &param)
            }
            Pool::Fallback => {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                libc::setpriority(libc::PRIO_PROCESS, tid, NICENESS)
            }
            Pool::Messenger => 0,
        }
    };
    if done != 0 {
        tracing::warn!(?pool, "a hashing thread keeps the default priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority(_: Pool) {}

/// What the copies of one hash share, locked only by hashing threads: the work (which holds the
/// password) until a copy has answered, and where to answer.
struct Shared<F, T> {
    work: Option<Arc<F>>,
    answer: Option<tokio::sync::oneshot::Sender<T>>,
}

/// Runs `work` on an idle hashing thread and, if it has not answered within [`IDLE_GRACE`], on a
/// fallback thread too; waits for the first answer without blocking the runtime. A copy that has
/// not begun when the other answers is skipped, and the work (with the password it holds) is
/// dropped once no copy runs it, even while the skipped copy still waits in its queue. `None`
/// when no hashing thread could take it.
pub async fn run<T: Send + 'static>(work: impl Fn() -> T + Send + Sync + 'static) -> Option<T> {
    // Every lane starts from the caller, at the default priority: a thread inherits its creator's
    // policy and niceness, and a messenger started by a hashing thread would run as low as it.
    for pool in [Pool::Messenger, Pool::Fallback, Pool::Idle] {
        lane(pool);
    }
    let (answer, mut told) = tokio::sync::oneshot::channel();
    let shared = Arc::new(Mutex::new(Shared {
        work: Some(Arc::new(work)),
        answer: Some(answer),
    }));
    let job = || -> Job {
        let shared = shared.clone();
        Box::new(move || {
            let Some(work) = shared.lock().ok().and_then(|s| s.work.clone()) else {
                return;
            };
            let done = work();
            drop(work);
            let answer = shared.lock().ok().and_then(|mut s| {
                s.work = None;
                s.answer.take()
            });
            if let Some(a) = answer {
                lane(Pool::Messenger).send(Box::new(move || {
                    // The request may have gone (its client left): nothing to tell.
                    let _ = a.send(done);
                }));
            }
        })
    };
    let idle = lane(Pool::Idle).send(job());
    if idle && let Ok(done) = tokio::time::timeout(IDLE_GRACE, &mut told).await {
        return done.ok();
    }
    if !lane(Pool::Fallback).send(job()) {
        return None;
    }
    told.await.ok()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The calling thread's policy and niceness.
    #[cfg(target_os = "linux")]
    fn priority() -> (i32, i32) {
        // SAFETY: plain system calls about the calling thread.
        unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            (
                libc::sched_getscheduler(0),
                libc::getpriority(libc::PRIO_PROCESS, tid),
            )
        }
    }

    /// Thread CPU time spent by the caller.
    fn cpu_time() -> std::time::Duration {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: writes the calling thread's CPU clock into `t`, which outlives the call.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_pools_run_below_the_pages() {
        let caller = priority();
        let on = |pool| {
            let (send, receive) = std::sync::mpsc::channel();
            let sent = super::lane(pool).send(Box::new(move || {
                let _ = send.send(priority());
            }));
            assert!(sent, "a thread in {pool:?}");
            receive.recv().expect("an answer")
        };
        assert_eq!(on(super::Pool::Idle).0, libc::SCHED_IDLE);
        let (policy, niceness) = on(super::Pool::Fallback);
        assert_eq!(policy, libc::SCHED_OTHER);
        assert_eq!(niceness, super::NICENESS.max(caller.1));
        assert_eq!(
            on(super::Pool::Messenger),
            caller,
            "answers leave at the default"
        );
        assert_eq!(priority(), caller, "the caller's own priority is untouched");
    }

    #[tokio::test]
    async fn a_copy_still_queued_when_the_other_answers_holds_no_password() {
        // Every idle thread busy (a hash each that waits), so this hash's idle copy stays queued
        // and the fallback answers after the grace.
        let lane = super::lane(super::Pool::Idle);
        let (release, held) = std::sync::mpsc::channel::<()>();
        let held = std::sync::Arc::new(std::sync::Mutex::new(held));
        let (busy, started) = std::sync::mpsc::channel();
        for _ in 0..lane.threads.len() {
            let (held, busy) = (held.clone(), busy.clone());
            lane.send(Box::new(move || {
                let _ = busy.send(());
                let _ = held.lock().map(|h| h.recv());
            }));
        }
        for _ in 0..lane.threads.len() {
            started.recv().expect("an idle thread");
        }
        let password = std::sync::Arc::new(String::from("correct horse"));
        let in_work = password.clone();
        let answered = super::run(move || in_work.len()).await;
        assert_eq!(answered, Some(13));
        assert_eq!(
            std::sync::Arc::strong_count(&password),
            1,
            "the queued copy no longer holds the work"
        );
        for _ in 0..lane.threads.len() {
            let _ = release.send(());
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[cfg(target_os = "linux")]
    async fn a_hash_starved_of_idle_cpu_is_finished_by_a_fallback_thread() {
        // Every core busy at the default priority: an idle thread gets next to no CPU (SCHED_IDLE
        // weighs 3 against 1024), far too little for a hash's 30 ms within the grace.
        let busy = std::sync::Arc::new(AtomicBool::new(true));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let spinners: Vec<_> = (0..2 * cores)
            .map(|_| {
                let busy = busy.clone();
                std::thread::spawn(move || {
                    while busy.load(Ordering::Relaxed) {
                        std::hint::spin_loop();
                    }
                })
            })
            .collect();
        let answered = super::run(|| {
            let started = cpu_time();
            while cpu_time() - started < std::time::Duration::from_millis(30) {
                std::hint::spin_loop();
            }
            priority()
        })
        .await;
        busy.store(false, Ordering::Relaxed);
        for s in spinners {
            let _ = s.join();
        }
        let (policy, niceness) = answered.expect("a hashing thread");
        assert_eq!(policy, libc::SCHED_OTHER, "answered by the fallback thread");
        assert!(niceness >= super::NICENESS, "at nice {niceness}");
    }
}
