#!/usr/bin/env bash
# The issue-5 migrations benchmark: the retort CLI next to Alembic 1.8 on the same
# linear graphs of trivial revisions, on SQLite. See docs/benchmarks.md
# ("Migrations against Alembic").
#
#   bench/run_migrations.sh [--reps N] [--sizes SMALL,LARGE] [--tpm both|true|false]
#                           [--no-shm] [--keep]
#
# 1. builds the retort CLI in Release (build-bench/, like bench/run.sh);
# 2. for each size (default 1000 and 10000) makes, under one fresh temp dir, an
#    Alembic project (`alembic init`, Debian's python3-alembic under /usr/bin/python3)
#    and a retort project (`retort init`), and writes the same linear graph into both
#    with bench/gen_revisions.py (Alembic: `pass`; retort: empty operation lists);
# 3. runs bench/migrations_bench.py: `upgrade head` through SMALL revisions into a
#    fresh SQLite file (for both transaction_per_migration modes, with the files on
#    the same disk filesystem as the projects, and again in /dev/shm), `history` and
#    `heads` on SMALL and LARGE revisions; each command a fresh process, median of
#    --reps runs after one warm-up; prints the table with PASS/FAIL per target.
#
# Options:
#   --reps N        measured runs per command and tool (default 5)
#   --sizes A,B     graph sizes (default 1000,10000); upgrade runs on A
#   --tpm MODE      transaction_per_migration for the upgrades: both (default), true, false
#   --no-shm        skip the /dev/shm upgrade rows
#   --keep          keep the generated projects (the path is printed)
#   --json PATH     results as JSON (default bench/out/migrations.json)
#
# Environment:
#   RETORT_BENCH_BUILD_DIR     build directory (default: build-bench)
#   RETORT_BENCH_SKIP_BUILD=1  use the retort binary already built there
#   RETORT_BENCH_RETORT=PATH   use this retort binary (no build)
#   BUILD_JOBS                 parallel build jobs (default: all cores)
#   TMPDIR                     where the projects and the disk databases go (default /tmp)
#
# No database server is needed. Exit status: 0 when every target is met, 1 when a
# target is missed (the table says which), 2 when a command failed or for bad
# arguments.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh  # rs_bench_build; no server is started

log() { printf '[migrations-bench] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 2
}

reps=5
sizes=1000,10000
tpm=both
shm=1
keep=
json=bench/out/migrations.json
while (($#)); do
  case $1 in
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    --reps) reps=${2:?--reps needs a value}; shift 2 ;;
    --sizes) sizes=${2:?--sizes needs a value}; shift 2 ;;
    --tpm) tpm=${2:?--tpm needs a value}; shift 2 ;;
    --json) json=${2:?--json needs a value}; shift 2 ;;
    --no-shm) shm=; shift ;;
    --keep) keep=1; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "--reps must be a positive number"
[[ $tpm =~ ^(both|true|false)$ ]] || die "--tpm must be both, true or false"
IFS=, read -r -a size_list <<<"$sizes"
if ! { ((${#size_list[@]} == 2)) && [[ ${size_list[0]} =~ ^[1-9][0-9]*$ && ${size_list[1]} =~ ^[1-9][0-9]*$ ]] &&
  ((size_list[0] < size_list[1])); }; then
  die "--sizes must be SMALL,LARGE with SMALL < LARGE"
fi

python=/usr/bin/python3
if ! "$python" -c 'import alembic, sqlalchemy' 2>/dev/null; then
  die "$python cannot import alembic (apt-get install python3-alembic)"
fi
alembic_version=$("$python" -c 'import alembic; print(alembic.__version__)')
[[ $alembic_version == 1.8.* ]] || log "WARNING: Alembic $alembic_version, the targets are set against 1.8"

# --- build -----------------------------------------------------------------
build_dir=${RETORT_BENCH_BUILD_DIR:-build-bench}
if [[ -n ${RETORT_BENCH_RETORT:-} ]]; then
  retort=$RETORT_BENCH_RETORT
else
  if [[ ${RETORT_BENCH_SKIP_BUILD:-} != 1 ]]; then
    # The configuration bench/run*.sh share in build-bench/.
    rs_bench_build "$build_dir" retort || die "the build failed (see above)"
  fi
  retort=$build_dir/cli/retort
fi
[[ -x $retort ]] || die "$retort was not built"
retort=$(cd "$(dirname "$retort")" && pwd)/$(basename "$retort")

# --- projects --------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/retort-migrations-bench.XXXXXXXX")
shm_dir=
# shellcheck disable=SC2317 # invoked by the traps
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n $shm_dir ]]; then rm -rf -- "$shm_dir"; fi
  if [[ -n $keep ]]; then
    log "projects kept in $work"
  else
    rm -rf -- "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

for n in "${size_list[@]}"; do
  root=$work/n$n
  mkdir -p "$root/alembic" "$root/retort"
  log "generating $n revisions for each tool in $root"
  (cd "$root/alembic" && "$python" -m alembic init alembic >/dev/null) || die "alembic init failed"
  (cd "$root/retort" && "$retort" init migrations >/dev/null) || die "retort init failed"
  # Both modes of transaction_per_migration: retort reads it from its config file,
  # Alembic's env.py from -x tpm=... (gen_revisions.py adapts env.py).
  sed 's/^transaction_per_migration: true$/transaction_per_migration: false/' \
    "$root/retort/retort.yaml" >"$root/retort/retort-single.yaml"
  grep -q '^transaction_per_migration: false$' "$root/retort/retort-single.yaml" ||
    die "retort init wrote no 'transaction_per_migration: true' line to change"
  "$python" bench/gen_revisions.py --count "$n" \
    --alembic-versions "$root/alembic/alembic/versions" \
    --alembic-env "$root/alembic/alembic/env.py" \
    --retort-versions "$root/retort/migrations/versions" >"$root/head" ||
    die "gen_revisions.py failed"
done

# --- run -------------------------------------------------------------------
# With one transaction per revision on disk, both tools wait for SQLite's fsyncs on every
# commit, whatever their own speed: that row is printed, without a target (the commit floor
# is printed next to it). The tool's overhead is in the other rows.
db_args=(--db-dir "disk=$work/db" --info-only disk:true)
if [[ -n $shm ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then
    shm_dir=$(mktemp -d /dev/shm/retort-migrations-bench.XXXXXXXX)
    db_args+=(--db-dir "shm=$shm_dir")
  else
    log "WARNING: /dev/shm is not writable; the in-memory upgrade rows are skipped"
  fi
fi
log "retort $retort; Alembic $alembic_version; SQLite files in $work/db${shm_dir:+ and $shm_dir}"
log "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
"$python" bench/migrations_bench.py --retort "$retort" --work "$work" --reps "$reps" \
  --tpm "$tpm" --json "$json" "${db_args[@]}" || rc=$?
exit "$rc"
