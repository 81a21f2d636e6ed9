#!/usr/bin/env bash
# Load on the case pages: the county clerk's work queue and case page (with the case file), the
# civil-affairs officer's case page of the linked service (the case file with grade, benefits
# and the masked bank card), and the applicant's case page with its step diagram, each by 32 users with random think time (exponential, mean
# THINK_MS, default 100 ms) and, with SATURATE=1, 32 connections without think time.
# Usage: tests/load/case_pages.sh [BASE_URL] [SERVER_LOG]
#   BASE_URL    a release build started with RUST_LOG=info and its demo data (cargo run --release)
#   SERVER_LOG  the file its log goes to; server-side p50/p99 are read from its `ms` fields
# Needs wrk and curl. Uses the demo sample case (see the README's walk-through).
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
LOG=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Signs in `$1` (a demo mobile number) into cookie jar `$2`; prints the session cookie.
sign_in() {
  local jar=$2 t
  t=$(curl -s -b "$jar" -c "$jar" "$BASE/password/forgot" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -s -o /dev/null -b "$jar" -c "$jar" -d "identifier=$1&password=demo-2026&csrf_token=$t" "$BASE/login"
  awk '$6 == "portal_session" { print $6 "=" $7 }' "$jar"
}
CLERK=$(sign_in 13900000100 "$TMP/clerk")
APPLICANT=$(sign_in 13900000001 "$TMP/applicant")
ITEM=$(curl -s -H "Cookie: $CLERK" "$BASE/staff" | grep -o '/staff/items/[0-9]*' | head -1)
CASE=$(curl -s -H "Cookie: $APPLICANT" "$BASE/applications" | grep -o '/applications/[0-9]*' | head -1)
[ -n "$ITEM" ] && [ -n "$CASE" ] || { echo "no demo case found" >&2; exit 1; }
OFFICER=$(sign_in 13900000104 "$TMP/officer")
officer_item() { curl -s -H "Cookie: $OFFICER" "$BASE/staff" | grep -o '/staff/items/[0-9]*' | head -1 || true; }
SERVICE=$(officer_item)
if [ -z "$SERVICE" ]; then
  # Issue the demo case (as its walk-through does) so that its subsidy reaches the officer.
  page=$(curl -s -b "$TMP/clerk" -c "$TMP/clerk" "$BASE$ITEM")
  v=$(grep -o 'name="version" value="[0-9]*"' <<<"$page" | head -1 | grep -o '[0-9]\+' || true)
  t=$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//;s/"//')
  curl -s -o /dev/null -b "$TMP/clerk" -c "$TMP/clerk" -d "command=issue&version=$v&csrf_token=$t" "$BASE$ITEM"
  SERVICE=$(officer_item)
fi
# Warm the pool's prepared statements.
wrk -t1 -c16 -d3s -H "Cookie: $CLERK" "$BASE/staff" > /dev/null
run() {
  local label=$1; shift
  local mark=0
  [ -n "$LOG" ] && mark=$(wc -l < "$LOG")
  printf '%s\n' "== $label"
  local targets=("clerk /staff" "clerk $ITEM" "applicant $CASE")
  [ -n "$SERVICE" ] && targets+=("officer $SERVICE")
  for target in "${targets[@]}"; do
    local who=${target%% *} path=${target#* } cookie=$CLERK
    [ "$who" = applicant ] && cookie=$APPLICANT
    [ "$who" = officer ] && cookie=$OFFICER
    printf '%-22s ' "$path"
    "$@" -H "Cookie: $cookie" "$BASE$path" 2>&1 | awk '/Requests\/sec/ { rps=$2 } / 99%/ { p99=$2 } END { printf "%8s req/s  client p99 %s\n", rps, p99 }'
  done
  if [ -n "$LOG" ]; then
    tail -n +"$((mark + 1))" "$LOG" | sed 's/\x1b\[[0-9;]*m//g' | python3 "$HERE/server_times.py"
  fi
}
run "32 users, think time ${THINK_MS:-100} ms" \
  env THINK_MS="${THINK_MS:-100}" wrk -t1 -c32 -d8s --latency -s "$HERE/think.lua"
if [ "${SATURATE:-0}" = 1 ]; then
  run "32 connections, no think time" wrk -t2 -c32 -d8s --latency
fi
