#!/usr/bin/env bash
# End-to-end demo: set up and build Retort, then run the quickstart example
# against a fresh SQLite database in a temporary directory (removed afterwards).
#
#   scripts/demo.sh          quickstart on sqlite:////<fresh temp dir>/demo.db
#   scripts/demo.sh URL      quickstart on URL instead
#
# Environment: RETORT_BUILD_DIR (default: build), BUILD_JOBS, RETORT_SKIP_SETUP=1
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
  exit 0
fi

build_dir=${RETORT_BUILD_DIR:-build}

if [[ ${RETORT_SKIP_SETUP:-} != 1 ]]; then
  echo "==> Retort demo: installing dependencies and building ($build_dir)"
  bash scripts/setup.sh
fi

quickstart=$build_dir/examples/quickstart
if [[ ! -x $quickstart ]]; then
  echo "demo.sh: $quickstart was not built" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/retort-demo.XXXXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

url=${1:-sqlite:///$tmp/demo.db}
echo "==> Running $quickstart $url"
echo
"$quickstart" "$url"
echo
echo "==> Demo finished"
