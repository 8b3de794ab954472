#!/usr/bin/env bash
# Long-lived PostgreSQL 15 + MariaDB test servers for developers, so that ctest
# can be run again and again without paying for server start-up each time.
#
#   scripts/dev-servers.sh start    start both (no-op when already running), print env
#   scripts/dev-servers.sh env      print the export lines:  eval "$(scripts/dev-servers.sh env)"
#   scripts/dev-servers.sh status   say what is running
#   scripts/dev-servers.sh stop     stop both and remove the directory
#
# Then e.g.:  eval "$(scripts/dev-servers.sh env)" && ctest --test-dir build -j2
# (scripts/test.sh reuses servers whose RETORT_TEST_*_URL is already set.)
#
# Environment:
#   RETORT_DEV_SERVERS_DIR   where data, sockets, logs and env.sh live
#                            (default /tmp/retort-dev-servers)
#   RETORT_PG_BINDIR, RETORT_SERVER_START_TIMEOUT: see scripts/lib/servers.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh

dir=${RETORT_DEV_SERVERS_DIR:-/tmp/retort-dev-servers}
env_file=$dir/env.sh

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

check_dir_owner() {
  if [[ -e $dir && ! -O $dir ]]; then
    echo "dev-servers: $dir exists but is not owned by $(id -un); set RETORT_DEV_SERVERS_DIR" >&2
    exit 1
  fi
}

print_env() {
  if [[ ! -f $env_file ]]; then
    echo "dev-servers: not started (run: scripts/dev-servers.sh start)" >&2
    return 1
  fi
  cat "$env_file"
}

status() {
  local any=
  if rs_pg_running "$dir"; then
    echo "PostgreSQL: running (pid $(rs_pg_pid "$dir"))"
    any=1
  else
    echo "PostgreSQL: not running"
  fi
  if rs_mysql_running "$dir"; then
    echo "MariaDB:    running (pid $(rs_mysql_pid "$dir"))"
    any=1
  else
    echo "MariaDB:    not running"
  fi
  echo "directory:  $dir"
  [[ -n $any ]]
}

stop() {
  check_dir_owner
  [[ -d $dir ]] || return 0
  rs_mysql_stop "$dir" || true
  rs_pg_stop "$dir" || true
  if rs_pg_running "$dir" || rs_mysql_running "$dir"; then
    echo "dev-servers: a server is still running; leaving $dir in place" >&2
    return 1
  fi
  rm -rf -- "$dir"
  echo "dev-servers: stopped, $dir removed" >&2
}

start() {
  check_dir_owner
  if [[ -f $env_file ]] && rs_pg_running "$dir" && rs_mysql_running "$dir"; then
    echo "dev-servers: already running in $dir" >&2
    print_env
    return 0
  fi
  # Half-running or stale: start over from scratch.
  stop >/dev/null 2>&1 || true
  rm -rf -- "$dir"

  local password rc=0
  mkdir -p "$dir"
  chmod 0700 "$dir"
  rs_prepare_base "$dir"
  password=$(rs_gen_password)
  rs_pg_start "$dir" "$password" || rc=1
  if ((rc == 0)); then
    rs_mysql_start "$dir" "$password" || rc=1
  fi
  if ((rc != 0)); then
    echo "dev-servers: start failed; logs are under $dir/pg and $dir/mysql (run 'stop' to clean up)" >&2
    return 1
  fi
  (
    umask 077
    {
      printf 'export RETORT_TEST_POSTGRESQL_URL=%q\n' "$RS_PG_URL"
      printf 'export RETORT_TEST_MYSQL_URL=%q\n' "$RS_MYSQL_URL"
    } >"$env_file"
  )
  print_env
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  status) status ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
