#!/usr/bin/env bash
# The 评残公示 benchmark (issue #6), in one run against one PostgreSQL database:
#   1. the release build of the portal starts on DATABASE_URL (migrating it), without demo data,
#      with the lookup limits raised (all load comes from one address, and the sample repeats people);
#   2. seed_publications COPYs ROWS published cases (default 1,000,000) into it;
#   3. the bare handler (tests/load/bare_handler.rs) starts on the same database and pool size,
#      twice: with the portal's per-worker pools and with one shared pool;
#   4. wrk measures, at 16 and 64 connections, in turn and RUNS times: both bare handlers, the
#      county listing's first page, a deep page (50,000 entries in, by key), the first page from a
#      random early date (the same rows, no two requests alike, so that none shares another's
#      read: `web::flights`), the personal lookup (random seeded people) and the style sheet (a
#      static file, written in parts: headers, then the body — slow only if the server waits for
#      delayed ACKs, i.e. TCP_NODELAY is off); the table gives medians and ratios to the best bare
#      figures.
# Usage: tests/load/publications.sh DATABASE_URL [ROWS]      (needs wrk, curl, psql)
#   SKIP_SEED=1 measures a database seeded by an earlier run again; SECONDS_EACH (default 5) a run,
#   RUNS (default 5) rounds; POOL the database pool of all three servers (default: the portal's).
# Example: tests/load/publications.sh postgres://postgres@127.0.0.1/portal_load
set -euo pipefail
URL=${1:?usage: publications.sh DATABASE_URL [ROWS]}
ROWS=${2:-1000000}
source "$(dirname "$0")/lib.sh"
PORTAL_PORT=18080
BARE_PORT=18081
SHARED_PORT=18091
cargo build --release --bin disability-portal --example seed_publications --example bare_handler
fresh_database "$URL"
RUST_LOG=info PORTAL_DB_POOL=$POOL PORTAL_DEMO=false PORTAL_LOOKUP_PER_ADDRESS=1000000000 PORTAL_LOOKUP_PER_ID=1000000000 DATABASE_URL=$URL \
  PORTAL_PORT=$PORTAL_PORT PORTAL_VAR_DIR=$OUT/var target/release/disability-portal > "$OUT/portal.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$PORTAL_PORT/readyz"
[ "${SKIP_SEED:-0}" = 1 ] || target/release/examples/seed_publications "$URL" "$ROWS" "$OUT/people.txt"
target/release/examples/bare_handler "$URL" "$BARE_PORT" "$POOL" per-worker > "$OUT/bare.log" 2>&1 &
pids+=($!)
target/release/examples/bare_handler "$URL" "$SHARED_PORT" "$POOL" shared > "$OUT/bare-shared.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$BARE_PORT/430102"
wait_for "http://127.0.0.1:$SHARED_PORT/430102"
BASE=http://127.0.0.1:$PORTAL_PORT
LISTING="/publications?province=43&city=4301&county=430102"
KEY=$(psql -qtA "$URL" -c "SELECT published_on || '.' || id FROM publications WHERE county_code = '430102' \
  AND published_on <= current_date AND shown_until >= current_date \
  ORDER BY published_on DESC, id DESC OFFSET 50000 LIMIT 1")
DEEP="$LISTING&before=$KEY"
# The style sheet's address as pages give it (content-hashed, cached for a year).
CSS=$(curl -s "$BASE$LISTING" | grep -o '/static/css/portal.css?v=[0-9a-f]*' | head -1)
[ -n "$CSS" ] || { echo "the listing names no style sheet" >&2; exit 1; }
JAR=$OUT/jar
rm -f "$JAR"
TOKEN=$(curl -s -c "$JAR" "$BASE/publications/lookup" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
COOKIE=$(jar_cookies "$JAR")
# Check the pages answer what they should before measuring them.
page=$(curl -sf "$BASE$DEEP")
[ "$(grep -o '<tr>' <<< "$page" | wc -l)" -gt 1 ] || { echo "the deep page has no entries" >&2; exit 1; }
first=$(head -1 "$OUT/people.txt")
page=$(curl -sf -b "$COOKIE" --data-urlencode "id_number=${first% *}" --data-urlencode "name=${first#* }" \
  --data-urlencode "csrf_token=$TOKEN" "$BASE/publications/lookup")
grep -q 'id="result"' <<< "$page" || { echo "the lookup answered no result" >&2; exit 1; }
# Warm up every path (every pooled connection, prepared statements, caches).
for p in "$BARE_PORT/430102" "$SHARED_PORT/430102" "$PORTAL_PORT$LISTING" "$PORTAL_PORT$DEEP"; do
  wrk -t2 -c64 -d2s "http://127.0.0.1:$p" > /dev/null
done
SAMPLE=$OUT/people.txt COOKIE=$COOKIE TOKEN=$TOKEN wrk -t2 -c64 -d2s -s "$HERE/lookup.lua" "$BASE" > /dev/null
export SAMPLE=$OUT/people.txt COOKIE TOKEN LISTING
handler "bare handler (20 rows, no layout), per-worker pools" "http://127.0.0.1:$BARE_PORT/430102"
handler "bare handler, one shared pool" "http://127.0.0.1:$SHARED_PORT/430102"
handler "listing, first page" "$BASE$LISTING"
handler "listing, deep page (50,000 in)" "$BASE$DEEP"
handler "listing, first page, none shared" -s "$HERE/random_pages.lua" "$BASE"
handler "personal lookup (POST, random seeded people)" -s "$HERE/lookup.lua" "$BASE"
handler "style sheet (static file, 18 KB)" "$BASE$CSS"
table_head
for c in 16 64; do measure_all "$c"; done
targets
