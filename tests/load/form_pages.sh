#!/usr/bin/env bash
# Load on the application form's pages: 32 users with random think time (exponential, mean
# THINK_MS, default 100 ms) and, with SATURATE=1, 32 connections without think time.
# Usage: tests/load/form_pages.sh [BASE_URL] [SERVER_LOG]
#   BASE_URL    a release build started with RUST_LOG=info and its demo data (cargo run --release)
#   SERVER_LOG  the file its log goes to; server-side p50/p99 are read from its `ms` fields
# Needs wrk and curl. Signs in as the demo applicant and fills a draft first.
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
LOG=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
token() { curl -s -b "$JAR" -c "$JAR" "$BASE/password/forgot" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
T=$(token)
curl -s -o /dev/null -b "$JAR" -c "$JAR" -d "identifier=13900000001&password=demo-2026&csrf_token=$T" "$BASE/login"
T=$(token)
DRAFT=$(curl -s -o /dev/null -w "%{redirect_url}" -b "$JAR" -c "$JAR" -d "csrf_token=$T" "$BASE/apply")
DRAFT=${DRAFT%/who}
for step in "who applying_as=self" "matter matter=new&categories=4" \
  "services services=living_subsidy&services=nursing_subsidy" \
  "address hukou_province=43&hukou_city=4301&hukou_county=430102&hukou_township=430102001&hukou_detail=x&same_residence=yes"; do
  set -- $step
  curl -s -o /dev/null -b "$JAR" -c "$JAR" -d "$2&csrf_token=$T" "$DRAFT/$1"
done
COOKIE=$(awk '$6 == "portal_session" { print $6 "=" $7 }' "$JAR")
PAGES="who personal address services service-details needs delivery materials check"
# Warm the pool's prepared statements.
wrk -t1 -c16 -d3s -H "Cookie: $COOKIE" "$DRAFT/personal" > /dev/null
run() {
  local label=$1; shift
  local mark=0
  [ -n "$LOG" ] && mark=$(wc -l < "$LOG")
  printf '%s\n' "== $label"
  for p in $PAGES; do
    printf '%-16s ' "$p"
    "$@" -H "Cookie: $COOKIE" "$DRAFT/$p" 2>&1 | awk '/Requests\/sec/ { rps=$2 } / 99%/ { p99=$2 } END { printf "%8s req/s  client p99 %s\n", rps, p99 }'
  done
  if [ -n "$LOG" ]; then
    tail -n +"$((mark + 1))" "$LOG" | sed 's/\x1b\[[0-9;]*m//g' | python3 "$HERE/server_times.py"
  fi
}
THINK_MS=${THINK_MS:-100} run "32 users, think time ${THINK_MS:-100} ms" \
  env THINK_MS="${THINK_MS:-100}" wrk -t1 -c32 -d8s --latency -s "$HERE/think.lua"
if [ "${SATURATE:-0}" = 1 ]; then
  run "32 connections, no think time" wrk -t2 -c32 -d8s --latency
fi
