#!/usr/bin/env bash
# The read replica's share (issue #22): how much of the announcement listing's database work still
# reaches the primary when the portal has a streaming replica (`--database-replica-url`).
#   1. a private primary and a real standby of it (`pg_basebackup -R`, streaming) start in a
#      temporary folder, on ports 15432 and 15433;
#   2. two release builds of the portal start on the primary: one with the standby as its replica,
#      one without (the yardstick: every read on the primary); seed_publications COPYs ROWS
#      (default 200,000) published cases into the primary, and the standby replays them;
#   3. for each portal in turn (and for a run of the same length with no load, to subtract what
#      the background jobs of both portals do), wrk requests the county listing's first page and
#      deep page, in turn, for LOAD_SECONDS (default 10) at 16 connections; before and after, the primary's and
#      the standby's statistics are read: transactions in the database (pg_stat_database) and
#      scans of the `publications` table (pg_stat_user_tables; a standby counts its own).
# Prints a Markdown table: requests answered, the primary's transactions beyond the idle run's,
# per request, and the scans of `publications` on each server. Target: no listing work on the
# primary (0 scans there, transactions per request ≈ 0).
# Usage: tests/load/replica.sh [ROWS]   (needs wrk, curl, psql and PostgreSQL's server binaries;
#   run as root, the clusters run as the `postgres` user)
set -euo pipefail
ROWS=${1:-200000}
SECONDS_LOAD=${LOAD_SECONDS:-10}
source "$(dirname "$0")/lib.sh"
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)}
[ -x "$BIN/pg_basebackup" ] || { echo "no PostgreSQL server binaries (set PG_BIN)" >&2; exit 1; }
PRIMARY=postgres://postgres@127.0.0.1:15432
STANDBY=postgres://postgres@127.0.0.1:15433
WITH_PORT=18082
WITHOUT_PORT=18083
DIR=$(mktemp -d /tmp/portal-replica-load.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" != 0 ] || chown postgres "$DIR"
stop_clusters() {
  for d in standby primary; do
    [ ! -f "$DIR/$d/postmaster.pid" ] || as_pg "$BIN/pg_ctl" -D "$DIR/$d" -m immediate stop > /dev/null 2>&1 || true
  done
  rm -rf "$DIR"
}
trap 'kill "${pids[@]}" 2> /dev/null || true; stop_clusters' EXIT
start_cluster() { # NAME PORT
  as_pg "$BIN/pg_ctl" -D "$DIR/$1" -l "$DIR/$1.log" -w \
    -o "-p $2 -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start > /dev/null
}

cargo build --release --bin disability-portal --example seed_publications
as_pg "$BIN/initdb" -A trust -U postgres -D "$DIR/primary" > /dev/null
start_cluster primary 15432
psql -q "$PRIMARY/postgres" -c "CREATE DATABASE portal"
as_pg "$BIN/pg_basebackup" -R -X stream -c fast -D "$DIR/standby" -d "$PRIMARY/postgres"
start_cluster standby 15433
[ "$(psql -qtA "$STANDBY/portal" -c 'SELECT pg_is_in_recovery()')" = t ] || { echo "the standby is not a standby" >&2; exit 1; }

portal() { # PORT [REPLICA_URL]
  env RUST_LOG=info PORTAL_DEMO=false DATABASE_URL=$PRIMARY/portal PORTAL_PORT=$1 PORTAL_VAR_DIR=$OUT/var-$1 \
    ${2:+PORTAL_DATABASE_REPLICA_URL=$2} target/release/disability-portal > "$OUT/replica-portal-$1.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$1/readyz"
}
portal $WITH_PORT "$STANDBY/portal"
portal $WITHOUT_PORT
target/release/examples/seed_publications "$PRIMARY/portal" "$ROWS" "$OUT/replica-people.txt"

# Until the standby has replayed everything the primary wrote, and the portal reads from it.
lsn=$(psql -qtA "$PRIMARY/portal" -c 'SELECT pg_current_wal_lsn()')
for _ in $(seq 300); do
  [ "$(psql -qtA "$STANDBY/portal" -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && break
  sleep 0.2
done
for _ in $(seq 100); do
  grep -q 'read replica.*usable=true\|usable=true.*read replica' "$OUT/replica-portal-$WITH_PORT.log" && break
  sleep 0.2
done

LISTING="/publications?province=43&city=4301&county=430102"
KEY=$(psql -qtA "$STANDBY/portal" -c "SELECT published_on || '.' || id FROM publications WHERE county_code = '430102' \
  AND published_on <= current_date AND shown_until >= current_date ORDER BY published_on DESC, id DESC OFFSET 5000 LIMIT 1")
for port in $WITH_PORT $WITHOUT_PORT; do
  page=$(curl -sf "http://127.0.0.1:$port$LISTING&before=$KEY")
  [ "$(grep -o '<tr>' <<< "$page" | wc -l)" -gt 1 ] || { echo "the listing at $port has no entries" >&2; exit 1; }
done

# Transactions in `portal` and scans of `publications` on the server at URL $1.
counters() {
  psql -qtA -F ' ' "$1/portal" -c "SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'portal'),
    (SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'publications')"
}
# measure LABEL [PORT]: counters before and after SECONDS_LOAD of load on PORT (none without),
# plus the time backends take to report their statistics when idle (PostgreSQL 15: at most 10 s).
measure() {
  local p0 s0 p1 s1 requests=0
  read -r -a p0 <<< "$(counters "$PRIMARY")"
  read -r -a s0 <<< "$(counters "$STANDBY")"
  if [ -n "${2:-}" ]; then
    requests=$(wrk -t2 -c16 -d"${SECONDS_LOAD}s" -s "$HERE/pages.lua" "http://127.0.0.1:$2" \
      | awk '/requests in/ { print $1 }')
  else
    sleep "$SECONDS_LOAD"
  fi
  sleep 12
  read -r -a p1 <<< "$(counters "$PRIMARY")"
  read -r -a s1 <<< "$(counters "$STANDBY")"
  echo "$1 $requests $((p1[0] - p0[0])) $((p1[1] - p0[1])) $((s1[1] - s0[1]))"
}
export LISTING KEY
# Warm up both (pooled connections, prepared statements, the calendar's cache).
for port in $WITH_PORT $WITHOUT_PORT; do wrk -t2 -c16 -d2s -s "$HERE/pages.lua" "http://127.0.0.1:$port" > /dev/null; done
sleep 12 # until the warm-up's statistics are reported
idle=$(measure idle)
with=$(measure with-replica $WITH_PORT)
without=$(measure without-replica $WITHOUT_PORT)
idle_xacts=$(awk '{ print $3 }' <<< "$idle")
echo
echo "| portal | requests | primary transactions beyond idle | per request | publications scans on the primary | on the standby |"
echo "| --- | --- | --- | --- | --- | --- |"
for row in "$idle" "$with" "$without"; do
  awk -v idle="$idle_xacts" '{
    beyond = $3 - idle; per = $2 > 0 ? sprintf("%.3f", beyond / $2) : "—"
    printf "| %s | %d | %d (%d all told) | %s | %d | %d |\n", $1, $2, beyond, $3, per, $4, $5 }' <<< "$row"
done
echo
awk '{ print ($4 == 0 ? "target holds" : "target missed") ": the listing scanned publications " $4 " times on the primary with the replica on" }' <<< "$with"
