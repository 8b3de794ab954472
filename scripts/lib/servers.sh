# shellcheck shell=bash
# shellcheck disable=SC2034 # RS_*_URL / RS_*_PORT are outputs read by the callers
# Throwaway PostgreSQL and MariaDB servers for Retort's tests.
#
# Source this file; do not run it. Used by scripts/test.sh,
# scripts/dev-servers.sh and the benchmarks (bench/run*.sh, rs_bench_servers
# at the end). Every server lives entirely inside a directory the
# caller owns (data, unix socket, pid file, logs), listens on 127.0.0.1 only,
# on a free port, and never touches the system services or /etc config.
#
# Public functions (all return non-zero on failure instead of exiting):
#   rs_gen_password                 print a random URL-safe password
#   rs_pg_start BASE PASSWORD       start PostgreSQL under BASE/pg; sets RS_PG_URL, RS_PG_PORT
#   rs_pg_stop BASE                 stop it (fast shutdown, then SIGKILL after a timeout)
#   rs_pg_running BASE              true when its postmaster is alive
#   rs_mysql_start BASE PASSWORD    start MariaDB under BASE/mysql; sets RS_MYSQL_URL, RS_MYSQL_PORT
#   rs_mysql_stop BASE              stop it (SIGTERM, then SIGKILL after a timeout)
#   rs_mysql_running BASE           true when its mariadbd is alive
#   rs_mktemp_base PREFIX           create and print a fresh temp dir for BASE
#   rs_prepare_base BASE            make BASE traversable by the service accounts
#   rs_bench_servers PREFIX PG MYSQL  a benchmark's throwaway servers, removed on exit (below)
#   rs_bench_run CMD...             run a benchmark binary that the exit traps can stop
#   rs_bench_mariadb_default_caches give a started MariaDB its default table cache sizes
#   rs_bench_build DIR TARGET...    the benchmarks' shared Release build of TARGETs in DIR
#
# Environment knobs:
#   RETORT_PG_BINDIR                PostgreSQL server bin dir (default /usr/lib/postgresql/15/bin,
#                                   else the newest /usr/lib/postgresql/*/bin)
#   RETORT_SERVER_START_TIMEOUT     seconds to wait for each server (default 60)
#   RETORT_SERVER_STOP_TIMEOUT      seconds to wait for a clean stop before SIGKILL (default 30)
#
# When running as root, the servers run as the `postgres` / `mysql` system
# users (both refuse to run as root) via runuser; otherwise as the current user.

RS_DB_NAME=retort_test
RS_DB_USER=retort

rs_log() { printf '[servers] %s\n' "$*" >&2; }

rs_is_root() { [[ $(id -u) -eq 0 ]]; }

# rs_as USER CMD...: run CMD as USER when we are root, else as ourselves.
rs_as() {
  local user=$1
  shift
  if rs_is_root; then
    (cd / && runuser -u "$user" -- "$@")
  else
    "$@"
  fi
}

# rs_own USER PATH...: hand PATHs to USER when we are root.
rs_own() {
  local user=$1
  shift
  if rs_is_root; then
    chown -R "$user:" "$@"
  fi
}

rs_gen_password() {
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

rs_port_in_use() {
  (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

rs_free_port() {
  local port
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' && return 0
  fi
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! rs_port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# rs_pid_alive PID: true while PID runs (a zombie, e.g. an orphan that PID 1
# has not reaped yet, counts as gone).
rs_pid_alive() {
  local state
  [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null || return 1
  if [[ -r /proc/$1/stat ]]; then
    state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ $state != Z ]]
  fi
}

# rs_wait_gone PID TIMEOUT: wait until PID has exited; SIGKILL it after TIMEOUT seconds.
rs_wait_gone() {
  local pid=$1 timeout=$2 i
  for ((i = 0; i < timeout * 10; i++)); do
    rs_pid_alive "$pid" || return 0
    sleep 0.1
  done
  rs_log "pid $pid did not exit after ${timeout}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    rs_pid_alive "$pid" || return 0
    sleep 0.1
  done
  rs_log "pid $pid survived SIGKILL"
  return 1
}

rs_tail_log() {
  local f=$1
  if [[ -f $f ]]; then
    rs_log "---- last lines of $f ----"
    tail -n 25 "$f" >&2 || true
    rs_log "----"
  fi
}

# rs_port_conflict FILE...: did the server fail because its port was taken?
rs_port_conflict() {
  grep -qsiE 'address already in use|could not bind|bind on tcp/ip port' "$@"
}

# Escape a value for a single-quoted SQL / postgresql.conf literal.
rs_sq() {
  printf '%s' "${1//\'/\'\'}"
}

# rs_mktemp_base PREFIX: print a fresh private directory for a set of servers,
# under $TMPDIR (or /tmp). As root, the service accounts must be able to
# reach it, so a TMPDIR they cannot traverse falls back to /tmp.
rs_mktemp_base() {
  local parent=${TMPDIR:-/tmp} user
  if rs_is_root; then
    for user in postgres mysql; do
      if getent passwd "$user" >/dev/null && ! runuser -u "$user" -- test -x "$parent" 2>/dev/null; then
        parent=/tmp
      fi
    done
  fi
  mktemp -d "$parent/$1.XXXXXXXX"
}

# The servers run as other users when we are root: they must be able to reach
# their own directories under BASE.
rs_prepare_base() {
  local base=$1
  mkdir -p "$base"
  if rs_is_root; then
    chmod 0711 "$base"
  fi
}

# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------

rs_pg_bindir() {
  local d best=
  if [[ -n ${RETORT_PG_BINDIR:-} ]]; then
    echo "$RETORT_PG_BINDIR"
    return 0
  fi
  if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then
    echo /usr/lib/postgresql/15/bin
    return 0
  fi
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/postgres ]] || continue
    if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n1) == "$d" ]]; then
      best=$d
    fi
  done
  [[ -n $best ]] || return 1
  echo "$best"
}

rs_pg_pid() {
  local pidfile=$1/pg/data/postmaster.pid
  [[ -f $pidfile ]] || return 1
  head -n1 "$pidfile" 2>/dev/null
}

rs_pg_running() {
  local pid
  pid=$(rs_pg_pid "$1") || return 1
  rs_pid_alive "$pid"
}

rs_pg_start() {
  local base=$1 password=$2
  local timeout=${RETORT_SERVER_START_TIMEOUT:-60}
  local bindir dir data run log port attempt started=''

  RS_PG_URL=
  RS_PG_PORT=
  bindir=$(rs_pg_bindir) || {
    rs_log "PostgreSQL server binaries not found (install postgresql-15, or set RETORT_PG_BINDIR)"
    return 1
  }
  for prog in initdb pg_ctl postgres psql pg_isready; do
    if [[ ! -x $bindir/$prog ]]; then
      rs_log "missing $bindir/$prog"
      return 1
    fi
  done
  if rs_is_root && ! getent passwd postgres >/dev/null; then
    rs_log "running as root but there is no 'postgres' system user to run the server as"
    return 1
  fi

  dir=$base/pg
  data=$dir/data
  run=$dir/run
  log=$dir/postgres.log
  rs_prepare_base "$base" || return 1
  mkdir -p "$run" || return 1
  chmod 0700 "$dir" "$run" || return 1
  rs_own postgres "$dir" || return 1

  if [[ ! -f $data/PG_VERSION ]]; then
    rs_log "initdb: PostgreSQL ($bindir) in $data"
    if ! rs_as postgres "$bindir/initdb" -D "$data" -U postgres \
      --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
      rs_log "initdb failed"
      rs_tail_log "$dir/initdb.log"
      return 1
    fi
    # Unix socket (inside a 0700 dir) trusts; TCP needs the password.
    cat >"$data/pg_hba.conf" <<'EOF' || return 1
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
EOF
    cat >>"$data/postgresql.conf" <<EOF || return 1

# ---- retort throwaway test server ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$(rs_sq "$run")'
password_encryption = 'scram-sha-256'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    rs_own postgres "$data/pg_hba.conf" "$data/postgresql.conf" || return 1
  fi

  for attempt in 1 2 3; do
    port=$(rs_free_port) || {
      rs_log "no free TCP port found"
      return 1
    }
    rs_log "starting PostgreSQL on 127.0.0.1:$port (attempt $attempt)"
    # pg_ctl detaches the postmaster (own session) and waits for readiness.
    if rs_as postgres "$bindir/pg_ctl" -D "$data" -l "$log" -o "-p $port" \
      -w -t "$timeout" start >>"$dir/pg_ctl.log" 2>&1; then
      started=1
      break
    fi
    # A half-started postmaster (timeout) must not linger.
    rs_pg_stop "$base" >/dev/null 2>&1 || true
    rs_tail_log "$dir/pg_ctl.log"
    rs_tail_log "$log"
    # Only a lost race for the port is worth another try.
    rs_port_conflict "$log" || break
  done
  if [[ -z $started ]]; then
    rs_log "PostgreSQL failed to start (logs in $dir)"
    return 1
  fi

  if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t "$timeout"; then
    rs_log "PostgreSQL is not accepting TCP connections on 127.0.0.1:$port"
    rs_tail_log "$log"
    return 1
  fi

  # Bootstrap over the unix socket as the initdb superuser `postgres`.
  # The password goes through stdin, never argv.
  if ! "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$run" -p "$port" -U postgres -d postgres \
    >"$dir/bootstrap.log" 2>&1 <<EOF; then
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'postgres') THEN
    CREATE ROLE postgres WITH LOGIN SUPERUSER;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$RS_DB_USER') THEN
    CREATE ROLE $RS_DB_USER;
  END IF;
END
\$\$;
ALTER ROLE $RS_DB_USER WITH LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD '$(rs_sq "$password")';
SELECT 'CREATE DATABASE $RS_DB_NAME OWNER $RS_DB_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$RS_DB_NAME') \gexec
EOF
    rs_log "PostgreSQL bootstrap SQL failed"
    rs_tail_log "$dir/bootstrap.log"
    return 1
  fi

  # Prove the URL's credentials really work over TCP with password auth.
  if ! PGPASSWORD=$password PGCONNECT_TIMEOUT=10 "$bindir/psql" -X -q -At \
    -h 127.0.0.1 -p "$port" -U "$RS_DB_USER" -d "$RS_DB_NAME" -c 'SELECT 1' >/dev/null 2>"$dir/check.log"; then
    rs_log "cannot log in to PostgreSQL as $RS_DB_USER over TCP"
    rs_tail_log "$dir/check.log"
    return 1
  fi

  RS_PG_PORT=$port
  RS_PG_URL="postgresql://$RS_DB_USER:$password@127.0.0.1:$port/$RS_DB_NAME"
  rs_log "PostgreSQL ready on 127.0.0.1:$port (pid $(rs_pg_pid "$base"))"
}

rs_pg_stop() {
  local base=$1
  local timeout=${RETORT_SERVER_STOP_TIMEOUT:-30}
  local data=$base/pg/data pid bindir
  pid=$(rs_pg_pid "$base") || return 0
  rs_pid_alive "$pid" || return 0
  rs_log "stopping PostgreSQL (pid $pid)"
  if bindir=$(rs_pg_bindir) && [[ -x $bindir/pg_ctl ]]; then
    rs_as postgres "$bindir/pg_ctl" -D "$data" -m fast -w -t "$timeout" stop >/dev/null 2>&1 || true
  else
    kill -INT "$pid" 2>/dev/null || true # SIGINT = fast shutdown
  fi
  rs_wait_gone "$pid" "$timeout"
}

# --------------------------------------------------------------------------
# MariaDB
# --------------------------------------------------------------------------

rs_mysql_bin() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
    if [[ -x /usr/sbin/$name ]]; then
      echo "/usr/sbin/$name"
      return 0
    fi
  done
  return 1
}

rs_mysql_pid() {
  local dir=$1/mysql pid
  if [[ -f $dir/run/mariadbd.pid ]]; then
    pid=$(head -n1 "$dir/run/mariadbd.pid" 2>/dev/null)
    if [[ -n $pid ]]; then
      echo "$pid"
      return 0
    fi
  fi
  # Fallback while the server has not written its pid file yet.
  [[ -f $dir/launcher.pid ]] || return 1
  head -n1 "$dir/launcher.pid" 2>/dev/null
}

rs_mysql_running() {
  local pid
  pid=$(rs_mysql_pid "$1") || return 1
  rs_pid_alive "$pid"
}

rs_mysql_start() {
  local base=$1 password=$2
  local timeout=${RETORT_SERVER_START_TIMEOUT:-60}
  local mariadbd install_db client admin dir data run log sock port attempt started='' launcher i
  local -a cmd

  RS_MYSQL_URL=
  RS_MYSQL_PORT=
  if ! {
    mariadbd=$(rs_mysql_bin mariadbd mysqld) &&
      install_db=$(rs_mysql_bin mariadb-install-db mysql_install_db) &&
      client=$(rs_mysql_bin mariadb mysql) &&
      admin=$(rs_mysql_bin mariadb-admin mysqladmin)
  }; then
    rs_log "MariaDB server/client binaries not found (install mariadb-server and mariadb-client)"
    return 1
  fi
  if rs_is_root && ! getent passwd mysql >/dev/null; then
    rs_log "running as root but there is no 'mysql' system user to run the server as"
    return 1
  fi

  dir=$base/mysql
  data=$dir/data
  run=$dir/run
  log=$dir/error.log
  sock=$run/mariadbd.sock
  rs_prepare_base "$base" || return 1
  mkdir -p "$run" "$dir/tmp" || return 1
  chmod 0700 "$dir" "$run" "$dir/tmp" || return 1
  rs_own mysql "$dir" || return 1

  if [[ ! -d $data/mysql ]]; then
    rs_log "mariadb-install-db: MariaDB in $data"
    if ! rs_as mysql "$install_db" --no-defaults --datadir="$data" --tmpdir="$dir/tmp" \
      --auth-root-authentication-method=normal --skip-test-db \
      >"$dir/install-db.log" 2>&1; then
      rs_log "mariadb-install-db failed"
      rs_tail_log "$dir/install-db.log"
      return 1
    fi
  fi

  for attempt in 1 2 3; do
    port=$(rs_free_port) || {
      rs_log "no free TCP port found"
      return 1
    }
    rs_log "starting MariaDB on 127.0.0.1:$port (attempt $attempt)"
    rm -f "$run/mariadbd.pid" "$dir/launcher.pid"
    cmd=()
    if rs_is_root; then
      cmd=(runuser -u mysql --)
    fi
    # --no-defaults must come first: no /etc/mysql config is read.
    # --skip-name-resolve: TCP clients are matched by IP ('retort'@'127.0.0.1'),
    # 'localhost' accounts only match the unix socket.
    cmd+=("$mariadbd" --no-defaults
      --datadir="$data"
      --tmpdir="$dir/tmp"
      --socket="$sock"
      --pid-file="$run/mariadbd.pid"
      --log-error="$log"
      --port="$port"
      --bind-address=127.0.0.1
      --skip-networking=0
      --skip-name-resolve
      --innodb-buffer-pool-size=64M
      --table-open-cache=2000
      --table-definition-cache=1400
      --character-set-server=utf8mb4
      --collation-server=utf8mb4_general_ci
      --max-connections=200)
    # Own session: a Ctrl-C in the terminal does not hit the server directly;
    # the caller stops it cleanly instead.
    (cd / && exec setsid "${cmd[@]}" </dev/null >>"$dir/mariadbd.out" 2>&1) &
    launcher=$!
    echo "$launcher" >"$dir/launcher.pid"

    started=
    for ((i = 0; i < timeout * 5; i++)); do
      if "$admin" --no-defaults --socket="$sock" -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
        started=1
        break
      fi
      rs_pid_alive "$launcher" || break
      sleep 0.2
    done
    if [[ -n $started ]]; then
      break
    fi
    rs_mysql_stop "$base" >/dev/null 2>&1 || true
    rs_tail_log "$log"
    rs_tail_log "$dir/mariadbd.out"
    # Only a lost race for the port is worth another try.
    rs_port_conflict "$log" "$dir/mariadbd.out" || break
  done
  if [[ -z $started ]]; then
    rs_log "MariaDB failed to start (logs in $dir)"
    return 1
  fi

  # Bootstrap over the unix socket as root (empty password, socket only).
  # Root is restricted to the socket (which sits in a 0700 dir); the test user
  # gets everything. The password goes through stdin, never argv.
  if ! "$client" --no-defaults --socket="$sock" -uroot >"$dir/bootstrap.log" 2>&1 <<EOF; then
DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS '$RS_DB_USER'@'127.0.0.1';
CREATE USER IF NOT EXISTS '$RS_DB_USER'@'localhost';
ALTER USER '$RS_DB_USER'@'127.0.0.1' IDENTIFIED BY '$(rs_sq "$password")';
ALTER USER '$RS_DB_USER'@'localhost' IDENTIFIED BY '$(rs_sq "$password")';
GRANT ALL PRIVILEGES ON *.* TO '$RS_DB_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$RS_DB_USER'@'localhost' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS $RS_DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
FLUSH PRIVILEGES;
EOF
    rs_log "MariaDB bootstrap SQL failed"
    rs_tail_log "$dir/bootstrap.log"
    return 1
  fi

  # Prove the URL's credentials really work over TCP with password auth.
  if ! MYSQL_PWD=$password "$client" --no-defaults --protocol=TCP -h 127.0.0.1 -P "$port" \
    --connect-timeout=10 -u "$RS_DB_USER" -D "$RS_DB_NAME" -e 'SELECT 1' >/dev/null 2>"$dir/check.log"; then
    rs_log "cannot log in to MariaDB as $RS_DB_USER over TCP"
    rs_tail_log "$dir/check.log"
    return 1
  fi

  RS_MYSQL_PORT=$port
  RS_MYSQL_URL="mysql://$RS_DB_USER:$password@127.0.0.1:$port/$RS_DB_NAME"
  rs_log "MariaDB ready on 127.0.0.1:$port (pid $(rs_mysql_pid "$base"))"
}

rs_mysql_stop() {
  local base=$1
  local timeout=${RETORT_SERVER_STOP_TIMEOUT:-30}
  local dir=$base/mysql pid launcher=
  if [[ -f $dir/launcher.pid ]]; then
    launcher=$(head -n1 "$dir/launcher.pid" 2>/dev/null || true)
  fi
  pid=$(rs_mysql_pid "$base") || return 0
  if rs_pid_alive "$pid"; then
    rs_log "stopping MariaDB (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    rs_wait_gone "$pid" "$timeout" || return 1
  fi
  # runuser/setsid wrapper, if any, goes away with the server.
  if [[ -n $launcher && $launcher != "$pid" ]] && rs_pid_alive "$launcher"; then
    kill -TERM "$launcher" 2>/dev/null || true
    rs_wait_gone "$launcher" 5 || true
  fi
  return 0
}

# --------------------------------------------------------------------------
# Throwaway servers for a benchmark run (bench/run.sh, bench/run_reflect.sh)
# --------------------------------------------------------------------------
#
# rs_bench_servers PREFIX WANT_PG WANT_MYSQL
#   Installs EXIT/INT/TERM/HUP traps (rs_bench_cleanup): on the way out they
#   stop the child started by rs_bench_run and every server started here, and
#   delete their directory; the script exits with its own exit code (130/143/
#   129 on a signal). Then, unless RETORT_BENCH_NO_SERVERS=1, for each wanted
#   backend (WANT_* non-empty) whose URL is not set already
#   (RETORT_BENCH_POSTGRESQL_URL or RETORT_TEST_POSTGRESQL_URL, and the same
#   for MYSQL) it starts a throwaway server under one fresh temp dir named
#   after PREFIX and exports RETORT_BENCH_POSTGRESQL_URL /
#   RETORT_BENCH_MYSQL_URL. A server that cannot start is skipped with a
#   warning (its backend has no URL). Sets RS_BENCH_MYSQL_STARTED=1 and
#   RS_BENCH_PASSWORD (with RS_MYSQL_PORT, RS_DB_USER) when it started a
#   MariaDB, for callers that configure it further. Call it from the main
#   shell (not in $(...)), since it sets traps and variables.
#
# rs_bench_run CMD...
#   Runs CMD in the background and waits for it, so that the traps can stop
#   it on a signal; returns its exit code.

RS_BENCH_BASE=
RS_BENCH_CHILD=
RS_BENCH_PASSWORD=
RS_BENCH_MYSQL_STARTED=

# shellcheck disable=SC2317 # invoked by the traps
rs_bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  set +e
  if [[ -n $RS_BENCH_CHILD ]] && kill -0 "$RS_BENCH_CHILD" 2>/dev/null; then
    kill -TERM "$RS_BENCH_CHILD" 2>/dev/null
    rs_wait_gone "$RS_BENCH_CHILD" 10 >/dev/null 2>&1
  fi
  if [[ -n $RS_BENCH_BASE && -d $RS_BENCH_BASE ]]; then
    rs_mysql_stop "$RS_BENCH_BASE"
    rs_pg_stop "$RS_BENCH_BASE"
    rm -rf -- "$RS_BENCH_BASE"
  fi
  exit "$rc"
}

rs_bench_servers() {
  local prefix=$1 want_pg=$2 want_mysql=$3
  trap rs_bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  [[ ${RETORT_BENCH_NO_SERVERS:-} != 1 ]] || return 0
  if [[ -n $want_pg && -z ${RETORT_BENCH_POSTGRESQL_URL:-} && -z ${RETORT_TEST_POSTGRESQL_URL:-} ]]; then
    rs_bench_base "$prefix" || return 1
    if rs_pg_start "$RS_BENCH_BASE" "$RS_BENCH_PASSWORD"; then
      export RETORT_BENCH_POSTGRESQL_URL=$RS_PG_URL
    else
      rs_log "WARNING: could not start PostgreSQL; the postgresql benchmark is skipped"
    fi
  fi
  if [[ -n $want_mysql && -z ${RETORT_BENCH_MYSQL_URL:-} && -z ${RETORT_TEST_MYSQL_URL:-} ]]; then
    rs_bench_base "$prefix" || return 1
    if rs_mysql_start "$RS_BENCH_BASE" "$RS_BENCH_PASSWORD"; then
      export RETORT_BENCH_MYSQL_URL=$RS_MYSQL_URL
      RS_BENCH_MYSQL_STARTED=1
    else
      rs_log "WARNING: could not start MariaDB; the mysql benchmark is skipped"
    fi
  fi
}

# The servers' directory and password, made on first use.
rs_bench_base() {
  [[ -z $RS_BENCH_BASE ]] || return 0
  RS_BENCH_BASE=$(rs_mktemp_base "$1") || return 1
  rs_prepare_base "$RS_BENCH_BASE" || return 1
  RS_BENCH_PASSWORD=$(rs_gen_password)
}

rs_bench_run() {
  local rc
  "$@" &
  RS_BENCH_CHILD=$!
  wait "$RS_BENCH_CHILD"
  rc=$?
  RS_BENCH_CHILD=
  return "$rc"
}

# rs_bench_build DIR TARGET...: configures DIR as the benchmarks' Release
# build (bench/run*.sh share it: no tests, no examples) and builds TARGETs.
# Returns 2 when configuring fails (cmake's output is shown), 1 when the
# build does.
rs_bench_build() {
  local dir=$1 out
  shift
  local cfg=(-S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DRETORT_BUILD_BENCH=ON
    -DRETORT_BUILD_TESTS=OFF -DRETORT_BUILD_EXAMPLES=OFF)
  if [[ ! -f $dir/CMakeCache.txt ]] && command -v ninja >/dev/null 2>&1; then
    cfg+=(-G Ninja)
  fi
  # GCC 12 at -O3 reports false -Wrestrict positives inside libstdc++'s
  # std::string concatenation (GCC bug 105651), which -Werror turns into
  # build failures; a Release build needs them silenced.
  local cxx=${CXX:-c++}
  if [[ $("$cxx" -dumpversion 2>/dev/null) == 12* ]] && ! "$cxx" --version 2>/dev/null | grep -qi clang; then
    cfg+=("-DCMAKE_CXX_FLAGS=-Wno-restrict")
  fi
  printf '[bench] configuring %s (Release)\n' "$dir" >&2
  if ! out=$(cmake "${cfg[@]}" 2>&1); then
    printf '%s\n' "$out" >&2
    printf '[bench] ERROR: cmake configure failed (see above)\n' >&2
    return 2
  fi
  printf '[bench] building %s\n' "$*" >&2
  cmake --build "$dir" --target "$@" -j "${BUILD_JOBS:-$(nproc)}" || return 1
}

# After rs_bench_servers started MariaDB: its table caches get MariaDB's own
# defaults (table_open_cache 2000; table_definition_cache 400 + 2000/2). The
# server sizes them from the open-files limit, which its user gets at 1024
# here (397 open tables, 400 definitions), fewer than the benchmarks' tables,
# so each information_schema query would reopen every table.
rs_bench_mariadb_default_caches() {
  [[ -n $RS_BENCH_MYSQL_STARTED ]] || return 0
  MYSQL_PWD=$RS_BENCH_PASSWORD "$(rs_mysql_bin mariadb mysql)" --no-defaults --protocol=TCP \
    -h 127.0.0.1 -P "$RS_MYSQL_PORT" -u "$RS_DB_USER" \
    -e 'SET GLOBAL table_open_cache = 2000, GLOBAL table_definition_cache = 1400' ||
    rs_log "WARNING: could not set MariaDB's table cache sizes"
}
