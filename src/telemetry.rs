//! Structured logging with `tracing`. Nothing logged carries a full ID number, phone number or
//! password: requests are logged by route pattern, and the domain types print masked.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::{JoinHandle, Thread};
use std::time::{Duration, Instant};

use tracing::{Level, Metadata};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// How long a line may wait before it is written (a warning or error is written at once).
pub const INTERVAL: Duration = Duration::from_millis(100);
/// How much may wait: past it, the thread logging writes the lines itself (nothing is dropped).
pub const LIMIT: usize = 1 << 20;

/// Installs the global subscriber once (`RUST_LOG` overrides the default `info`). Lines go to
/// standard output in batches ([`Batched`]); keep the guard until the end of `main`: dropping it
/// writes what is waiting. Colours only on a terminal: a log file or collector gets plain lines.
pub fn init(default_filter: &str) -> LogGuard {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let stdout = std::io::stdout();
    let ansi = stdout.is_terminal();
    let (writer, guard) = Batched::start(stdout, INTERVAL, LIMIT);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .with_writer(writer)
        .try_init();
    guard
}

/// Log lines gathered in memory and written by a thread of their own, all that gathered in
/// `interval` in one write. A writer thread woken for each line it finds alone (as
/// `tracing-appender`'s is) cost the busy listing a tenth of its requests per second on two
/// cores: a wake-up and a `write(2)` about every other request. Here the first line into an
/// empty buffer wakes the thread, which waits out the interval — or less, when a warning or an
/// error comes (those are written at once) — and writes everything in one go. Nothing is
/// dropped: past `limit` bytes the thread logging writes the buffer itself.
#[derive(Clone)]
pub struct Batched {
    shared: Arc<Shared>,
}

struct Shared {
    buffer: Mutex<Vec<u8>>,
    out: Mutex<Box<dyn Write + Send>>,
    /// A warning or error is waiting: write now.
    urgent: AtomicBool,
    stop: AtomicBool,
    writer: OnceLock<Thread>,
    limit: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.buffer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Standard output. Taken only while holding the buffer, so lines go out in their order.
    fn out(&self) -> MutexGuard<'_, Box<dyn Write + Send>> {
        self.out.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn write_out(mut out: MutexGuard<'_, Box<dyn Write + Send>>, lines: &[u8]) {
        // Logging has nowhere to report its own failure.
        let _ = out.write_all(lines).and_then(|()| out.flush());
    }

    fn wake(&self) {
        if let Some(t) = self.writer.get() {
            t.unpark();
        }
    }

    /// The writing thread: sleeps until a line comes, waits out the interval (or an urgent
    /// line), writes the batch.
    fn run(&self, interval: Duration) {
        let mut spare = Vec::new();
        loop {
            let stopping = self.stop.load(Ordering::Acquire);
            if !stopping && self.lock().is_empty() {
                std::thread::park();
                continue;
            }
            let deadline = Instant::now() + interval;
            while !self.stop.load(Ordering::Acquire) && !self.urgent.swap(false, Ordering::AcqRel) {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                std::thread::park_timeout(left);
            }
            let out = {
                let mut buffer = self.lock();
                std::mem::swap(&mut *buffer, &mut spare);
                self.out()
            };
            if !spare.is_empty() {
                Self::write_out(out, &spare);
                spare.clear();
            }
            if stopping {
                return;
            }
        }
    }
}

impl Batched {
    /// Starts the writing thread for `out`; the guard stops it, writing what waits.
    pub fn start(
        out: impl Write + Send + 'static,
        interval: Duration,
        limit: usize,
    ) -> (Self, LogGuard) {
        let shared = Arc::new(Shared {
            buffer: Mutex::new(Vec::new()),
            out: Mutex::new(Box::new(out)),
            urgent: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            writer: OnceLock::new(),
            limit,
        });
        let runs = shared.clone();
        let thread = std::thread::Builder::new()
            .name("log-writer".into())
            .spawn(move || runs.run(interval))
            .ok();
        if let Some(t) = &thread {
            let _ = shared.writer.set(t.thread().clone());
        }
        let guard = LogGuard {
            shared: shared.clone(),
            thread,
        };
        (Self { shared }, guard)
    }
}

/// One event's line: the buffer is held while the line is written, so lines never interleave.
pub struct Line<'a> {
    shared: &'a Shared,
    buffer: MutexGuard<'a, Vec<u8>>,
    was_empty: bool,
    urgent: bool,
}

impl Write for Line<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() > self.shared.limit {
            Shared::write_out(self.shared.out(), &self.buffer);
            self.buffer.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line<'_> {
    fn drop(&mut self) {
        if self.urgent {
            self.shared.urgent.store(true, Ordering::Release);
        }
        if self.urgent || (self.was_empty && !self.buffer.is_empty()) {
            self.shared.wake();
        }
    }
}

impl<'a> MakeWriter<'a> for Batched {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        let buffer = self.shared.lock();
        Line {
            shared: &self.shared,
            was_empty: buffer.is_empty(),
            buffer,
            urgent: false,
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        let mut line = self.make_writer();
        line.urgent = *meta.level() <= Level::WARN;
        line
    }
}

/// Keeps the writing thread; dropping it writes what waits and ends the thread.
pub struct LogGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        self.shared.wake();
        match self.thread.take() {
            Some(t) => {
                let _ = t.join();
            }
            // No thread could be started: write here.
            None => {
                let mut lines = self.shared.lock();
                Shared::write_out(self.shared.out(), &lines);
                lines.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::layer::SubscriberExt;

    /// Standard output stand-in: what was written, and in how many writes.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<(Vec<u8>, usize)>>);

    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let mut s = self.0.lock().unwrap();
            s.0.extend_from_slice(b);
            s.1 += 1;
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().0.clone()).unwrap()
        }
        fn writes(&self) -> usize {
            self.0.lock().unwrap().1
        }
        /// Waits (up to 10 s) until `pred` holds for what was written.
        fn until(&self, pred: impl Fn(&str) -> bool) -> String {
            let end = Instant::now() + Duration::from_secs(10);
            loop {
                let t = self.text();
                if pred(&t) || Instant::now() > end {
                    return t;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    fn subscriber(w: Batched) -> impl tracing::Subscriber {
        tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .without_time()
                .with_writer(w),
        )
    }

    #[test]
    fn lines_of_many_threads_arrive_whole_in_order_in_few_writes() {
        let sink = Sink::default();
        let (w, guard) = Batched::start(sink.clone(), Duration::from_secs(3600), LIMIT);
        let sub = Arc::new(subscriber(w));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let sub = sub.clone();
                std::thread::spawn(move || {
                    tracing::subscriber::with_default(sub, || {
                        for i in 0..500 {
                            tracing::info!(t, i, "request");
                        }
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        // An hour's interval: nothing is written before the guard goes.
        assert_eq!(sink.writes(), 0);
        drop(guard);
        let text = sink.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2000);
        for t in 0..4 {
            let own: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|l| l.contains(&format!(" t={t} i=")))
                .collect();
            assert_eq!(own.len(), 500, "thread {t}'s lines are whole");
            for (i, l) in own.iter().enumerate() {
                assert!(l.ends_with(&format!("t={t} i={i}")), "{l}");
            }
        }
        assert_eq!(sink.writes(), 1);
    }

    #[test]
    fn a_warning_is_written_at_once_with_the_lines_before_it() {
        let sink = Sink::default();
        let (w, _guard) = Batched::start(sink.clone(), Duration::from_secs(3600), LIMIT);
        tracing::subscriber::with_default(subscriber(w), || {
            tracing::info!("first");
            tracing::warn!("the database is out");
        });
        let text = sink.until(|t| t.contains("the database is out"));
        let first = text.find("first").expect("the info line came along");
        assert!(first < text.find("the database is out").unwrap(), "{text}");
    }

    #[test]
    fn lines_wait_at_most_the_interval() {
        let sink = Sink::default();
        let (w, _guard) = Batched::start(sink.clone(), Duration::from_millis(20), LIMIT);
        tracing::subscriber::with_default(subscriber(w), || tracing::info!("request"));
        assert!(sink.until(|t| t.contains("request")).contains("request"));
        assert_eq!(sink.writes(), 1);
    }

    #[test]
    fn past_the_limit_the_logging_thread_writes_itself() {
        let sink = Sink::default();
        let (w, guard) = Batched::start(sink.clone(), Duration::from_secs(3600), 1000);
        tracing::subscriber::with_default(subscriber(w), || {
            for i in 0..100 {
                tracing::info!(i, "request");
            }
        });
        // Written by the logging thread (the writer sleeps for an hour); less than the limit
        // waits, and none is lost.
        let before = sink.text().len();
        assert!(before > 0);
        drop(guard);
        assert!(sink.text().len() - before <= 1000);
        assert_eq!(sink.text().lines().count(), 100);
    }
}
