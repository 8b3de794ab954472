#!/usr/bin/env bash
# Build Retort and run its test suite against throwaway database servers.
#
#   scripts/test.sh [CTEST_ARGS...]    setup.sh, start PostgreSQL 15 + MariaDB on
#                                      127.0.0.1 (free ports, data in a fresh temp
#                                      dir), run ctest, stop the servers, clean up
#   scripts/test.sh --servers-only     start both servers, print their export
#                                      lines, and keep them up until Ctrl-C
#                                      (scripts/dev-servers.sh keeps them in the
#                                      background instead)
#
# Environment:
#   RETORT_TEST_POSTGRESQL_URL / RETORT_TEST_MYSQL_URL
#                       already set: reuse that server, do not start one
#   CI                  non-empty: a server that cannot start fails the run;
#                       otherwise a warning is printed and its URL stays unset
#   RETORT_BUILD_DIR    build directory (default: build)
#   RETORT_SKIP_SETUP=1 do not run scripts/setup.sh (no apt, no build)
#   BUILD_JOBS, RETORT_PG_BINDIR, RETORT_SERVER_START_TIMEOUT: see setup.sh / lib/servers.sh
#
# Exits with ctest's exit code.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh

log() { printf '[test] %s\n' "$*" >&2; }

servers_only=
if [[ ${1:-} == --servers-only ]]; then
  servers_only=1
  shift
elif [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 0
fi

build_dir=${RETORT_BUILD_DIR:-build}

if [[ ${RETORT_SKIP_SETUP:-} != 1 ]]; then
  if [[ -n $servers_only ]]; then
    bash scripts/setup.sh --deps-only
  else
    bash scripts/setup.sh
  fi
fi

tmp=
child_pid=
# shellcheck disable=SC2317 # invoked by the traps
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  set +e
  if [[ -n $child_pid ]] && kill -0 "$child_pid" 2>/dev/null; then
    # ctest runs in its own process group: take its tests down with it.
    kill -TERM -- "-$child_pid" 2>/dev/null || kill -TERM "$child_pid" 2>/dev/null
    rs_wait_gone "$child_pid" 10 >/dev/null 2>&1
  fi
  if [[ -n $tmp && -d $tmp ]]; then
    rs_mysql_stop "$tmp"
    rs_pg_stop "$tmp"
    rm -rf -- "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

tmp=$(rs_mktemp_base retort-test)
rs_prepare_base "$tmp"
password=$(rs_gen_password)

server_failed() {
  local what=$1 var=$2
  if [[ -n ${CI:-} ]]; then
    log "ERROR: could not start the $what test server (CI is set, so this is fatal)"
    exit 1
  fi
  log "WARNING: could not start the $what test server; $var stays unset and its tests will not run against $what"
}

if [[ -n ${RETORT_TEST_POSTGRESQL_URL:-} ]]; then
  log "RETORT_TEST_POSTGRESQL_URL is set: reusing that PostgreSQL server"
elif rs_pg_start "$tmp" "$password"; then
  export RETORT_TEST_POSTGRESQL_URL=$RS_PG_URL
else
  server_failed PostgreSQL RETORT_TEST_POSTGRESQL_URL
fi

if [[ -n ${RETORT_TEST_MYSQL_URL:-} ]]; then
  log "RETORT_TEST_MYSQL_URL is set: reusing that MariaDB server"
elif rs_mysql_start "$tmp" "$password"; then
  export RETORT_TEST_MYSQL_URL=$RS_MYSQL_URL
else
  server_failed MariaDB RETORT_TEST_MYSQL_URL
fi

if [[ -n $servers_only ]]; then
  {
    [[ -n ${RETORT_TEST_POSTGRESQL_URL:-} ]] && printf 'export RETORT_TEST_POSTGRESQL_URL=%q\n' "$RETORT_TEST_POSTGRESQL_URL"
    [[ -n ${RETORT_TEST_MYSQL_URL:-} ]] && printf 'export RETORT_TEST_MYSQL_URL=%q\n' "$RETORT_TEST_MYSQL_URL"
    true
  } >"$tmp/env.sh"
  chmod 0600 "$tmp/env.sh"
  cat "$tmp/env.sh"
  echo "# servers dir: $tmp (env file: $tmp/env.sh); PostgreSQL pid $(rs_pg_pid "$tmp" || echo -), MariaDB pid $(rs_mysql_pid "$tmp" || echo -)"
  echo "# press Ctrl-C to stop the servers and remove $tmp"
  # `wait` returns as soon as a trapped signal arrives.
  sleep infinity &
  child_pid=$!
  wait "$child_pid" || true
  exit 0
fi

log "running ctest in $build_dir"
# Run ctest in the background in its own process group so that INT/TERM reach
# our trap at once (bash defers traps while a foreground command runs) and the
# cleanup can stop the whole test tree before it stops the servers.
setsid ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 "$@" </dev/null &
child_pid=$!
rc=0
wait "$child_pid" || rc=$?
child_pid=
exit "$rc"
