#!/usr/bin/env bash
# Build retort_engine_bench in Release and run it on SQLite, PostgreSQL and
# MariaDB. See docs/benchmarks.md.
#
#   bench/run.sh [BENCH_ARGS...]      e.g. bench/run.sh --reps 7
#                                          bench/run.sh --backend sqlite --rows 20000
#
# BENCH_ARGS go to retort_engine_bench (--rows N, --reps N, --warmup N,
# --backend sqlite|postgresql|mysql (repeatable), --json PATH, --no-extras).
#
# Servers: a PostgreSQL or MySQL URL that is already set is used as it is:
#   RETORT_BENCH_POSTGRESQL_URL (else RETORT_TEST_POSTGRESQL_URL)
#   RETORT_BENCH_MYSQL_URL      (else RETORT_TEST_MYSQL_URL)
# Otherwise a throwaway PostgreSQL / MariaDB is started for the run (with
# scripts/lib/servers.sh: 127.0.0.1, a free port, data in a fresh temp dir)
# and stopped and removed afterwards. A server that cannot start is skipped
# with a warning.
#
# Environment:
#   RETORT_BENCH_BUILD_DIR     build directory (default: build-bench)
#   RETORT_BENCH_JSON          JSON results (default: bench/out/engine.json)
#   RETORT_BENCH_NO_SERVERS=1  never start servers (backends without a URL are skipped)
#   RETORT_BENCH_SKIP_BUILD=1  run the binary already built
#   RETORT_BENCH_ROWS / RETORT_BENCH_REPS   defaults for --rows / --reps
#   BUILD_JOBS                 parallel build jobs (default: all cores)
#   RETORT_PG_BINDIR, RETORT_SERVER_START_TIMEOUT: see scripts/lib/servers.sh
#
# Exits with the benchmark's exit code: 0 when every backend ran (a missed
# target is reported, not an error), 1 when a backend failed, 2 for bad args.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh

log() { printf '[bench] %s\n' "$*" >&2; }

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 0
fi

build_dir=${RETORT_BENCH_BUILD_DIR:-build-bench}
json=${RETORT_BENCH_JSON:-bench/out/engine.json}

# Which backends were asked for (default: all three), so that only the
# servers needed are started.
want_pg=1
want_mysql=1
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ ${args[i]} == --backend ]] && ((i + 1 < ${#args[@]})); then
    if [[ -z ${backend_given:-} ]]; then
      backend_given=1
      want_pg=
      want_mysql=
    fi
    IFS=, read -r -a names <<<"${args[i + 1]}"
    for name in "${names[@]}"; do
      case $name in
        postgresql | postgres | pg) want_pg=1 ;;
        mysql | mariadb) want_mysql=1 ;;
      esac
    done
  fi
done
json_given=
for a in "$@"; do
  [[ $a == --json ]] && json_given=1
done

# --- build -----------------------------------------------------------------
if [[ ${RETORT_BENCH_SKIP_BUILD:-} != 1 ]]; then
  # Only the benchmark is needed: no tests or examples in this build dir.
  if ! rs_bench_build "$build_dir" retort_engine_bench; then
    log "ERROR: the build failed (see above); RETORT_BENCH_SKIP_BUILD=1 runs the binary already built"
    exit 1
  fi
fi
bin=$build_dir/bench/retort_engine_bench
if [[ ! -x $bin ]]; then
  log "ERROR: $bin was not built"
  exit 1
fi

# --- servers ---------------------------------------------------------------
# Stopped and removed on exit, with the benchmark if it is still running.
rs_bench_servers retort-bench "$want_pg" "$want_mysql"

# --- run -------------------------------------------------------------------
extra=()
if [[ -z $json_given ]]; then
  extra=(--json "$json")
fi
log "running $bin $* ${extra[*]}"
rc=0
rs_bench_run "$bin" "$@" "${extra[@]}" || rc=$?
exit "$rc"
