#!/usr/bin/env bash
# The issue-6 autogenerate benchmark: `retort revision --autogenerate` on a
# 500-table model whose live database has drifted by about 10%, next to
# Alembic 1.8 (compare_type=True) on the same databases in the same run, on
# SQLite and PostgreSQL (MariaDB as an informational row with --mysql). See
# docs/benchmarks.md ("Autogenerate against Alembic").
#
#   bench/run_autogen.sh [BENCH_ARGS...]   e.g. bench/run_autogen.sh --reps 9
#                                               bench/run_autogen.sh --backend sqlite
#                                               bench/run_autogen.sh --mysql
#
# 1. builds retort_autogen_bench and the retort CLI in Release (build-bench/,
#    like the other bench/run*.sh);
# 2. starts a throwaway PostgreSQL (and MariaDB with --mysql) with
#    scripts/lib/servers.sh, unless a URL is set (below);
# 3. runs retort_autogen_bench: bench/gen_autogen_model.py writes the model
#    (schema YAML and SQLAlchemy) and a drifted copy, bench/autogen_alembic.py
#    creates the live database from the copy, then retort (API and CLI) and
#    Alembic (API and CLI) compare the model with it; prints the table.
#
# BENCH_ARGS go to retort_autogen_bench: --tables N, --drift F, --reps N,
# --cli-reps N, --alembic-reps N, --alembic-cli-reps N, --backend
# sqlite|postgresql|mysql (repeatable; default sqlite and postgresql),
# --no-alembic, --no-cli, --alembic-server-default (an extra, informational
# Alembic run with compare_server_default=True), --keep.
# --mysql (this script's) adds the MariaDB row.
#
# Servers: a URL that is already set is used as it is:
#   RETORT_BENCH_POSTGRESQL_URL (else RETORT_TEST_POSTGRESQL_URL)
#   RETORT_BENCH_MYSQL_URL      (else RETORT_TEST_MYSQL_URL)
# The benchmark creates a database of its own there and drops it afterwards.
#
# Environment:
#   RETORT_BENCH_BUILD_DIR     build directory (default: build-bench)
#   RETORT_BENCH_NO_SERVERS=1  never start servers (backends without a URL are skipped)
#   RETORT_BENCH_SKIP_BUILD=1  run the binaries already built
#   BUILD_JOBS                 parallel build jobs (default: all cores)
#
# Exit status: 0 when every target is met (retort at least 20x faster than
# Alembic on SQLite and PostgreSQL, API against API and CLI against CLI, and
# under 1 s on PostgreSQL), 1 when one is missed or a backend failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh

log() { printf '[autogen-bench] %s\n' "$*" >&2; }

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 0
fi

# Which servers: those of the backends asked for (default sqlite and postgresql).
want_pg=1
want_mysql=
args=()
backend_given=
while (($#)); do
  case $1 in
    --mysql)
      want_mysql=1
      shift
      ;;
    --backend)
      [[ $# -ge 2 ]] || {
        log "ERROR: --backend needs a value"
        exit 2
      }
      if [[ -z $backend_given ]]; then
        backend_given=1
        want_pg=
      fi
      case $2 in
        postgresql) want_pg=1 ;;
        mysql) want_mysql=1 ;;
      esac
      args+=("$1" "$2")
      shift 2
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done
if [[ -n $want_mysql && -z $backend_given ]]; then
  args+=(--backend sqlite --backend postgresql --backend mysql)
fi

python=/usr/bin/python3
if ! "$python" -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null; then
  log "WARNING: $python lacks alembic/sqlalchemy/psycopg2 (apt-get install python3-alembic python3-psycopg2 python3-pymysql)"
fi

# --- build -----------------------------------------------------------------
build_dir=${RETORT_BENCH_BUILD_DIR:-build-bench}
if [[ ${RETORT_BENCH_SKIP_BUILD:-} != 1 ]]; then
  # The configuration bench/run*.sh share in build-bench/.
  rs_bench_build "$build_dir" retort_autogen_bench retort || exit $?
fi
bin=$(cd "$build_dir" && pwd)/bench/retort_autogen_bench
retort=$(cd "$build_dir" && pwd)/cli/retort
for f in "$bin" "$retort"; do
  if [[ ! -x $f ]]; then
    log "ERROR: $f was not built"
    exit 1
  fi
done

# --- servers ---------------------------------------------------------------
# Stopped and removed on exit, with the benchmark if it is still running.
rs_bench_servers retort-autogen-bench "$want_pg" "$want_mysql"
# As bench/run_reflect.sh: 500 tables are more than the throwaway MariaDB's
# table caches hold. Both tools use this same server.
rs_bench_mariadb_default_caches

# --- run -------------------------------------------------------------------
log "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "running $bin ${args[*]}"
rc=0
rs_bench_run "$bin" --python "$python" --retort "$retort" "${args[@]}" || rc=$?
log "load average after the run $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$rc"
