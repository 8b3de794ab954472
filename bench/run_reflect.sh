#!/usr/bin/env bash
# Build retort_reflect_bench in Release and run it on SQLite, PostgreSQL and
# MariaDB: retort's reflection of a generated 1,000-table schema next to
# SQLAlchemy 1.4's MetaData.reflect() on the same database. See
# docs/reflection.md ("Performance").
#
#   bench/run_reflect.sh [BENCH_ARGS...]   e.g. bench/run_reflect.sh --reps 7
#                                               bench/run_reflect.sh --backend sqlite --tables 200
#
# BENCH_ARGS go to retort_reflect_bench (--tables N, --reps N, --sa-reps N,
# --backend sqlite|postgresql|mysql (repeatable), --python PATH, --no-sqlalchemy).
#
# Servers: a PostgreSQL or MySQL URL that is already set is used as it is:
#   RETORT_BENCH_POSTGRESQL_URL (else RETORT_TEST_POSTGRESQL_URL)
#   RETORT_BENCH_MYSQL_URL      (else RETORT_TEST_MYSQL_URL)
# The benchmark creates a database of its own there and drops it afterwards.
# Otherwise a throwaway server is started for the run (scripts/lib/servers.sh)
# and removed afterwards; a server that cannot start is skipped with a warning.
# A throwaway MariaDB gets MariaDB's default table cache sizes back (see
# below); a server given by URL is used as configured, and the benchmark
# prints a NOTE when its table caches are smaller than the schema.
#
# SQLAlchemy runs under /usr/bin/python3 (Debian's python3-sqlalchemy 1.4,
# python3-psycopg2, python3-pymysql), not whatever python3 is first on PATH.
#
# Environment:
#   RETORT_BENCH_BUILD_DIR     build directory (default: build-bench)
#   RETORT_BENCH_NO_SERVERS=1  never start servers (backends without a URL are skipped)
#   RETORT_BENCH_SKIP_BUILD=1  run the binary already built
#   BUILD_JOBS                 parallel build jobs (default: all cores)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh

log() { printf '[reflect-bench] %s\n' "$*" >&2; }

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 0
fi

build_dir=${RETORT_BENCH_BUILD_DIR:-build-bench}

# Only the servers for the backends asked for (default: all three).
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
    case ${args[i + 1]} in
      postgresql) want_pg=1 ;;
      mysql) want_mysql=1 ;;
    esac
  fi
done

if [[ ! -x /usr/bin/python3 ]] || ! /usr/bin/python3 -c 'import sqlalchemy, psycopg2, pymysql' 2>/dev/null; then
  log "WARNING: /usr/bin/python3 lacks sqlalchemy/psycopg2/pymysql (apt-get install python3-sqlalchemy python3-psycopg2 python3-pymysql)"
fi

# --- build -----------------------------------------------------------------
if [[ ${RETORT_BENCH_SKIP_BUILD:-} != 1 ]]; then
  rs_bench_build "$build_dir" retort_reflect_bench || exit 1
fi
bin=$build_dir/bench/retort_reflect_bench
if [[ ! -x $bin ]]; then
  log "ERROR: $bin was not built"
  exit 1
fi

# --- servers ---------------------------------------------------------------
# Stopped and removed on exit, with the benchmark if it is still running.
rs_bench_servers retort-reflect-bench "$want_pg" "$want_mysql"
# 1,000 tables are more than the throwaway MariaDB's table caches hold
# (scripts/lib/servers.sh). Both sides of the benchmark use this same server.
rs_bench_mariadb_default_caches

# --- run -------------------------------------------------------------------
log "running $bin $*"
rc=0
rs_bench_run "$bin" --python /usr/bin/python3 "$@" || rc=$?
exit "$rc"
