//! What the load generators share: streaming rows into `COPY … FROM STDIN`, and the next free id
//! of a table (ids are given explicitly so that rows can refer to each other without a round trip).

// Tests and measuring commands may unwrap (Cargo.toml `[lints]` is for the product).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use bytes::Bytes;
use futures_util::SinkExt;
use tokio_postgres::Client;

/// Bytes per COPY chunk sent.
const CHUNK: usize = 256 * 1024;

/// Streams `rows` lines made by `line` into `COPY table (columns) FROM STDIN`; prints the time.
pub async fn copy(
    client: &Client,
    table: &str,
    columns: &str,
    rows: u64,
    mut line: impl FnMut(u64, &mut String),
) -> anyhow::Result<()> {
    let started = Instant::now();
    let sink = client
        .copy_in(&format!("COPY {table} ({columns}) FROM STDIN"))
        .await?;
    futures_util::pin_mut!(sink);
    let mut buf = String::with_capacity(CHUNK + 1024);
    for i in 0..rows {
        line(i, &mut buf);
        if buf.len() >= CHUNK {
            sink.send(Bytes::from(std::mem::take(&mut buf))).await?;
            buf.reserve(CHUNK + 1024);
        }
    }
    if !buf.is_empty() {
        sink.send(Bytes::from(buf)).await?;
    }
    let n = sink.finish().await?;
    eprintln!(
        "{table}: {n} rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The next id of `table` (one more than its largest).
pub async fn next_id(client: &Client, table: &str) -> anyhow::Result<i64> {
    let row = client
        .query_one(
            &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
            &[],
        )
        .await?;
    Ok(row.get(0))
}
