#!/usr/bin/env bash
# Install Retort's Debian 12 dependencies and build the project.
#
#   scripts/setup.sh               packages + configure (first time) + build
#   scripts/setup.sh --deps-only   packages only
#
# Idempotent: apt is skipped entirely when every package is already installed,
# and `apt-get update` only runs when something is missing. Works as root or,
# for a normal user, through sudo.
#
# Environment:
#   RETORT_BUILD_DIR   build directory (default: build, relative to the repo root)
#   BUILD_JOBS         parallel build jobs (default: the generator's default)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

deps_only=
for arg in "$@"; do
  case $arg in
    --deps-only) deps_only=1 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "setup.sh: unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

# postgresql-contrib-15 is only a virtual package on Debian 12 (the contrib
# modules ship inside postgresql-15), so it is not listed: dpkg would never
# report it as installed.
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libsqlite3-dev sqlite3
  libpqxx-dev libpq-dev
  libmariadb-dev
  libyaml-cpp-dev libyaml-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  postgresql-15 postgresql-client-15
  mariadb-server mariadb-client
  python3 python3-sqlalchemy python3-alembic alembic python3-psycopg2 python3-pymysql python3-yaml
  graphviz
)

log() { printf '[setup] %s\n' "$*" >&2; }

missing_packages() {
  local -A installed=()
  local pkg status
  while IFS=$'\t' read -r pkg status; do
    if [[ $status == ii* ]]; then
      installed[$pkg]=1
    fi
  done < <(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)
  for pkg in "${PACKAGES[@]}"; do
    if [[ -z ${installed[$pkg]:-} ]]; then
      echo "$pkg"
    fi
  done
}

install_packages() {
  local -a missing sudo=()
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} Debian packages already installed"
    return 0
  fi
  log "installing: ${missing[*]}"

  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      log "not root and sudo is not available: install as root: apt-get install ${missing[*]}"
      return 1
    fi
    sudo=(sudo)
  fi

  # Installing mariadb-server / postgresql-15 tries to start their system
  # services through invoke-rc.d. Nothing here needs them (the tests run
  # throwaway servers), and in containers that start can fail the install, so
  # deny service starts for the duration unless a policy already exists.
  local policy=/usr/sbin/policy-rc.d marker='# retort-setup-temporary'
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n%s: deny service starts during package installation\nexit 101\n' "$marker" |
      "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 0755 "$policy"
    # shellcheck disable=SC2064 # expand now: remove exactly our file later
    trap "if grep -qs -- '$marker' '$policy'; then ${sudo[*]} rm -f '$policy'; fi" EXIT
  fi

  # Wait for a concurrent apt/dpkg instead of failing on its lock.
  local -a apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq
    -o DPkg::Lock::Timeout=600
    -o Dpkg::Use-Pty=0
    -o Dpkg::Options::=--force-confdef
    -o Dpkg::Options::=--force-confold)
  local try
  for try in 1 2 3; do
    if "${apt[@]}" update; then
      break
    fi
    log "apt-get update failed (try $try)"
    sleep 5
  done
  "${apt[@]}" install -y "${missing[@]}" >/dev/null

  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} > 0)); then
    log "still not installed after apt-get: ${missing[*]}"
    return 1
  fi
  log "packages installed"
}

build() {
  local build_dir=${RETORT_BUILD_DIR:-build}
  local -a jobs=()
  if [[ -n ${BUILD_JOBS:-} ]]; then
    jobs=(--parallel "$BUILD_JOBS")
  fi
  if [[ ! -f CMakeLists.txt ]]; then
    log "no CMakeLists.txt at $(pwd)"
    return 1
  fi
  if [[ -f $build_dir/CMakeCache.txt ]] && [[ -f $build_dir/build.ninja || -f $build_dir/Makefile ]]; then
    : # configured; `cmake --build` re-runs CMake itself when inputs changed
  elif [[ -f $build_dir/CMakeCache.txt ]]; then
    log "re-configuring $build_dir (incomplete configure)"
    cmake -S . -B "$build_dir"
  else
    log "configuring $build_dir (Ninja, RelWithDebInfo)"
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  log "building $build_dir"
  cmake --build "$build_dir" "${jobs[@]}"
}

install_packages
if [[ -z $deps_only ]]; then
  build
fi
