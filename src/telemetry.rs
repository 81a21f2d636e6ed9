//! Structured logging with `tracing`. Nothing logged carries a full ID number, phone number or
//! password: requests are logged by route pattern, and the domain types print masked.

use std::io::{BufWriter, IsTerminal};

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once (`RUST_LOG` overrides the default `info`). Lines go to
/// standard output from a writer thread, as many as are queued in one write (lossless: a full
/// queue makes the logging request wait rather than drop a line); keep the guard until the end
/// of `main`: dropping it flushes what is queued. Colours only on a terminal: a log file or
/// collector gets plain lines.
pub fn init(default_filter: &str) -> WorkerGuard {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let stdout = std::io::stdout();
    let ansi = stdout.is_terminal();
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .finish(BufWriter::new(stdout));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .with_writer(writer)
        .try_init();
    guard
}
