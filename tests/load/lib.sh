# What the announcement and verification load scripts share (sourced, not run): the release
# build's folders, stopping what they started, a fresh database, waiting for a server, the pool
# size, and the wrk measurements (handlers measured in turn, medians of a few rounds) printed as
# a Markdown table with their ratios to the bare handler.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/target/load
SECONDS_EACH=${SECONDS_EACH:-5}
mkdir -p "$OUT"
cd "$ROOT"
pids=()
# Waits for them to end too: a server still draining its connections would otherwise keep
# writing to a log file that the next run has truncated, and take CPU from that run's rounds.
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT

# Drops and creates the database of URL $1 (unless SKIP_SEED=1).
fresh_database() {
  local db=${1##*/}; db=${db%%\?*}
  [ "${SKIP_SEED:-0}" = 1 ] || psql -q "${1%/*}/postgres" -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\""
}

# The portal's cookies in curl's cookie jar $1 as a Cookie header's value: the session's and the
# form token's (a visitor who is not signed in has only the latter).
jar_cookies() {
  awk '$6 == "portal_session" || $6 == "portal_form" { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"
}

# Waits until URL $1 answers.
wait_for() {
  for _ in $(seq 100); do curl -sf "$1" > /dev/null && return; sleep 0.2; done
  echo "no answer from $1" >&2; exit 1
}

# The database pool of the portal and the bare handlers alike: the portal's default (two
# connections a core, `Settings::db_pool`) unless POOL is set.
POOL=${POOL:-$((2 * $(nproc)))}

# handler LABEL wrk-args…: adds a handler to measure. A LABEL starting with "bare" is a yardstick:
# every other row is compared with the best bare figure of its column (the most requests/s and
# the shortest p99).
H_LABEL=()
H_ARGS=()
handler() {
  H_LABEL+=("$1")
  shift
  H_ARGS+=("$(printf '%q ' "$@")")
}

# measure_all CONNECTIONS: RUNS (default 5) rounds of SECONDS_EACH per handler. Each round runs
# every handler once, in turn, so that whatever else the shared machine does touches every
# handler alike; a run's tail on two shared cores swings by an order of magnitude now and then,
# the median of the runs does not. Prints a Markdown row per handler: the median requests/s and
# p99, the share of the best bare requests/s and the multiple of the best bare p99, and the
# non-2xx answers of all runs. Whether the targets hold at this connection count is added to
# $OUT/targets, which `targets` prints: issue #22's (at least SHARE, default 80, per cent of the
# best bare requests/s and a p99 within TIMES, default 1.3, times the best bare p99; issue #6
# asked for 60 % and 1.5 ×).
measure_all() {
  local c=$1 i dir=$OUT/runs-$1
  rm -rf "$dir"
  mkdir -p "$dir"
  for _ in $(seq "${RUNS:-5}"); do
    for i in "${!H_LABEL[@]}"; do
      eval "wrk -t2 -c$c -d${SECONDS_EACH}s --latency ${H_ARGS[$i]}" >> "$dir/$i" 2>&1
    done
  done
  for i in "${!H_LABEL[@]}"; do
    awk -v l="${H_LABEL[$i]}" '
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
      END { printf "%s\t%.0f\t%.2f\t%d\n", l, median(rps, n), median(p99, m), bad }' "$dir/$i"
  done | awk -F '\t' -v c="$c" -v verdicts="$OUT/targets" -v want_share="${SHARE:-80}" -v want_times="${TIMES:-1.3}" '
    { label[NR] = $1; rps[NR] = $2; p99[NR] = $3; bad[NR] = $4
      if ($1 ~ /^bare/) { if ($2 > best_rps) best_rps = $2; if (!best_p99 || $3 < best_p99) best_p99 = $3 } }
    END {
      for (i = 1; i <= NR; i++) {
        if (label[i] ~ /^bare/) { share = "—"; times = "—" }
        else {
          share = sprintf("%.0f %%", 100 * rps[i] / best_rps); times = sprintf("%.2f", p99[i] / best_p99)
          if (rps[i] < want_share / 100 * best_rps || p99[i] > want_times * best_p99) failed = failed (failed ? "; " : " ") label[i]
        }
        printf "| %s | %s | %s | %s | %.2f ms | %s | %d |\n", label[i], c, rps[i], share, p99[i], times, bad[i]
      }
      printf "targets at %s connections (≥ %s %% of the best bare requests/s, p99 ≤ %s × the best bare p99): %s\n", c, want_share, want_times, failed ? "missed by" failed : "hold" >> verdicts
    }'
}

# The table's head (and a fresh list of verdicts).
table_head() {
  rm -f "$OUT/targets"
  echo "| handler | connections | requests/s | % of the best bare | p99 | × the best bare p99 | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
}

# The verdicts of every `measure_all`.
targets() {
  echo
  cat "$OUT/targets"
}
