#!/usr/bin/env bash
# The verification benchmark (issue #7), measured like the announcement's (tests/load/publications.sh):
#   1. the release build of the portal starts on DATABASE_URL (migrating it), without demo data,
#      with a known signing key and the per-address verification limit raised (one load address);
#   2. seed_certificates COPYs ROWS holders and certificates (default 2,000,000) and writes a
#      sample of verification paths signed with that key;
#   3. the bare handler starts on the same database and pool size (its `/c/{id}` route: 20
#      certificates by primary key and one render), twice: per-worker pools and one shared pool;
#   4. wrk measures, at 16 and 64 connections, in turn and RUNS times: both bare handlers,
#      `/verify?t=<token>` for random seeded certificates, and the typed form's empty page.
# Usage: tests/load/verify.sh DATABASE_URL [ROWS]      (needs wrk, curl, psql)
#   SKIP_SEED=1 measures a database seeded by an earlier run again; SECONDS_EACH (default 5) a run,
#   RUNS (default 5) rounds; POOL the database pool of all three servers (default: the portal's).
set -euo pipefail
URL=${1:?usage: verify.sh DATABASE_URL [ROWS]}
ROWS=${2:-2000000}
source "$(dirname "$0")/lib.sh"
PORTAL_PORT=18082
BARE_PORT=18083
SHARED_PORT=18093
KEYS="bench:$(printf '5a%.0s' $(seq 32))"
cargo build --release --bin disability-portal --example seed_certificates --example bare_handler
fresh_database "$URL"
RUST_LOG=info PORTAL_DB_POOL=$POOL PORTAL_DEMO=false PORTAL_VERIFY_PER_ADDRESS=1000000000 PORTAL_SIGNING_KEYS=$KEYS \
  DATABASE_URL=$URL PORTAL_PORT=$PORTAL_PORT PORTAL_VAR_DIR=$OUT/var-verify \
  target/release/disability-portal > "$OUT/portal-verify.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$PORTAL_PORT/readyz"
[ "${SKIP_SEED:-0}" = 1 ] || target/release/examples/seed_certificates "$URL" "$KEYS" "$ROWS" "$OUT/verify.txt"
target/release/examples/bare_handler "$URL" "$BARE_PORT" "$POOL" per-worker > "$OUT/bare-verify.log" 2>&1 &
pids+=($!)
target/release/examples/bare_handler "$URL" "$SHARED_PORT" "$POOL" shared > "$OUT/bare-verify-shared.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$BARE_PORT/c/1000"
wait_for "http://127.0.0.1:$SHARED_PORT/c/1000"
BASE=http://127.0.0.1:$PORTAL_PORT
page=$(curl -sf "$BASE$(head -1 "$OUT/verify.txt")")
grep -q 'id="verify-result"' <<< "$page" || { echo "verification answered no result" >&2; exit 1; }
# Warm up (every pooled connection, prepared statements).
for p in "$BARE_PORT" "$SHARED_PORT"; do wrk -t2 -c64 -d2s "http://127.0.0.1:$p/c/1000" > /dev/null; done
SAMPLE=$OUT/verify.txt wrk -t2 -c64 -d2s -s "$HERE/verify.lua" "$BASE" > /dev/null
export SAMPLE=$OUT/verify.txt
handler "bare handler (20 certificates, no layout), per-worker pools" "http://127.0.0.1:$BARE_PORT/c/1000000"
handler "bare handler, one shared pool" "http://127.0.0.1:$SHARED_PORT/c/1000000"
handler "/verify?t=<token> (random certificates)" -s "$HERE/verify.lua" "$BASE"
handler "/verify (the typed form)" "$BASE/verify"
table_head
for c in 16 64; do measure_all "$c"; done
targets
