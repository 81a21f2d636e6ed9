# What the announcement and verification load scripts share (sourced, not run): the release
# build's folders, stopping what they started, a fresh database, waiting for a server, and one
# wrk measurement (the median of a few runs) printed as a Markdown table row.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/target/load
SECONDS_EACH=${SECONDS_EACH:-5}
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

# measure LABEL CONNECTIONS wrk-args…: RUNS (default 3) wrk runs of SECONDS_EACH; prints the
# median requests/s and the median p99 (ms) of the runs, and the non-2xx answers of all of them.
# One run's tail on two shared cores swings by an order of magnitude now and then; the median of
# three does not.
measure() {
  local label=$1 c=$2; shift 2
  for _ in $(seq "${RUNS:-3}"); do
    wrk -t2 -c"$c" -d"${SECONDS_EACH}s" --latency "$@" 2>&1
  done | awk -v l="$label" -v c="$c" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
      return v
    }
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    /Requests\/sec/ { rps[++n] = $2 }
    / 99%/ { p99[++m] = ms($2) }
    /Non-2xx/ { bad += $NF }
    END { printf "| %s | %s | %.0f | %.2f ms | %d |\n", l, c, median(rps, n), median(p99, m), bad }'
}
