#!/usr/bin/env bash
# The rush of sign-ins (issue #22): while 200 connections keep signing in (each attempt a wrong
# password for a random mobile number from a random client address, so every one reaches Argon2
# and none is throttled), how long do `/healthz` and the announcement listing take? Measured
# first idle and then under the rush, with the same light load (4 connections) on each; the target
# is a p99 under the rush within 3 × the idle p99.
#   1. the release build starts on DATABASE_URL (migrating it), without demo data, trusting
#      127.0.0.1 as a proxy (so that the script's X-Forwarded-For spreads the client addresses);
#   2. unless SKIP_SEED=1, seed_publications COPYs ROWS published cases (default 100,000);
#   3. wrk measures `/healthz` and the listing idle, then starts the rush (signin.lua, 200
#      connections) and measures them again while it runs; RUNS (default 3) rounds of
#      SECONDS_EACH (default 5) s, medians.
#   AUTOGROUP_NICE=N sets the niceness of the portal's scheduler autogroup (`/proc/PID/autogroup`)
#   once it is up: the group is this script's session (the portal and wrk), not PostgreSQL's.
# Usage: tests/load/signins.sh DATABASE_URL [ROWS]      (needs wrk, curl, psql)
set -euo pipefail
URL=${1:?usage: signins.sh DATABASE_URL [ROWS]}
ROWS=${2:-100000}
source "$(dirname "$0")/lib.sh"
PORT=18082
cargo build --release --bin disability-portal --example seed_publications
fresh_database "$URL"
RUST_LOG=info PORTAL_DB_POOL=$POOL PORTAL_DEMO=false PORTAL_TRUSTED_PROXIES=127.0.0.1 DATABASE_URL=$URL \
  PORTAL_PORT=$PORT PORTAL_VAR_DIR=$OUT/var-signins target/release/disability-portal > "$OUT/portal-signins.log" 2>&1 &
pids+=($!)
BASE=http://127.0.0.1:$PORT
wait_for "$BASE/readyz"
[ -z "${AUTOGROUP_NICE:-}" ] || echo "$AUTOGROUP_NICE" > "/proc/${pids[-1]}/autogroup"
[ "${SKIP_SEED:-0}" = 1 ] || target/release/examples/seed_publications "$URL" "$ROWS" "$OUT/people-signins.txt"
# An earlier run's failures (SKIP_SEED=1) would lock the checked identifier out.
psql -q "$URL" -c "TRUNCATE login_throttle"
LISTING="$BASE/publications?province=43&city=4301&county=430102"
JAR=$OUT/jar-signins
rm -f "$JAR"
TOKEN=$(curl -s -c "$JAR" "$BASE/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
COOKIE=$(jar_cookies "$JAR")
export COOKIE TOKEN
# A sign-in answers as a wrong password would (not a CSRF refusal) before anything is measured.
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$COOKIE" -H 'X-Forwarded-For: 10.0.0.1' \
  --data-urlencode "identifier=13900000000" --data-urlencode "password=wrong" \
  --data-urlencode "csrf_token=$TOKEN" "$BASE/login")
[ "$status" = 422 ] || { echo "a wrong sign-in answered $status, not 422" >&2; exit 1; }
for u in "$BASE/healthz" "$LISTING"; do wrk -t1 -c4 -d2s "$u" > /dev/null; done

# median_p99 FILE: the median of the p99 lines of wrk's outputs in FILE, in ms.
median_p99() {
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       / 99%/ { p[++n] = ms($2) }
       END { for (i = 2; i <= n; i++) for (j = i; j > 1 && p[j - 1] > p[j]; j--) { t = p[j]; p[j] = p[j - 1]; p[j - 1] = t }
             printf "%.2f", n % 2 ? p[(n + 1) / 2] : (p[n / 2] + p[n / 2 + 1]) / 2 }' "$1"
}
rm -f "$OUT"/signins-*
for round in $(seq "${RUNS:-3}"); do
  wrk -t1 -c4 -d"${SECONDS_EACH}"s --latency "$BASE/healthz" >> "$OUT/signins-idle-healthz"
  wrk -t1 -c4 -d"${SECONDS_EACH}"s --latency "$LISTING" >> "$OUT/signins-idle-listing"
  wrk -t1 -c200 -d"$((2 * SECONDS_EACH + 2))"s --timeout 30s -s "$HERE/signin.lua" "$BASE" >> "$OUT/signins-rush" 2>&1 &
  rush=$!
  sleep 1
  wrk -t1 -c4 -d"${SECONDS_EACH}"s --latency "$BASE/healthz" >> "$OUT/signins-rush-healthz"
  wrk -t1 -c4 -d"${SECONDS_EACH}"s --latency "$LISTING" >> "$OUT/signins-rush-listing"
  wait "$rush"
done
attempts=$(awk '/requests in/ { n += $1 } END { print n + 0 }' "$OUT/signins-rush")
echo "| page | idle p99 | p99 during 200 sign-ins at once | × idle |"
echo "| --- | --- | --- | --- |"
verdict=hold
for page in healthz listing; do
  idle=$(median_p99 "$OUT/signins-idle-$page")
  rush=$(median_p99 "$OUT/signins-rush-$page")
  times=$(awk -v a="$rush" -v b="$idle" 'BEGIN { printf "%.2f", a / b }')
  echo "| $page | $idle ms | $rush ms | $times |"
  awk -v t="$times" 'BEGIN { exit !(t > 3) }' && verdict="missed by $page"
done
echo
echo "sign-in attempts during the rounds: $attempts; their answers (server log):"
grep 'route="/login"' "$OUT/portal-signins.log" | grep -o 'status=[0-9]*' | sort | uniq -c
echo "target (p99 under the rush ≤ 3 × idle): $verdict"
# Linux groups processes by session (autogroup) and shares the cores between the groups first:
# the hashing threads' low priority then counts only against the portal's own threads, not
# PostgreSQL's (see docs/performance.md).
echo "scheduler autogroups: $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo unknown) (1: on);" \
  "the portal's: $(cat "/proc/${pids[-1]}/autogroup" 2>/dev/null || echo unknown)"
