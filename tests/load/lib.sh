# What the announcement and verification load scripts share (sourced, not run): the release
# build's folders, stopping what they started, a fresh database, waiting for a server, and one
# wrk measurement printed as a Markdown table row.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/target/load
SECONDS_EACH=${SECONDS_EACH:-10}
mkdir -p "$OUT"
cd "$ROOT"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

# Drops and creates the database of URL $1 (unless SKIP_SEED=1).
fresh_database() {
  local db=${1##*/}; db=${db%%\?*}
  [ "${SKIP_SEED:-0}" = 1 ] || psql -q "${1%/*}/postgres" -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
}

# Waits until URL $1 answers.
wait_for() {
  for _ in $(seq 100); do curl -sf "$1" > /dev/null && return; sleep 0.2; done
  echo "no answer from $1" >&2; exit 1
}

# measure LABEL CONNECTIONS wrk-args…
measure() {
  local label=$1 c=$2; shift 2
  wrk -t2 -c"$c" -d"${SECONDS_EACH}s" --latency "$@" 2>&1 | awk -v l="$label" -v c="$c" '
    /Requests\/sec/ { rps = $2 }
    / 99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "| %s | %s | %s | %s | %s |\n", l, c, rps, p99, (bad ? bad : 0) }'
}
