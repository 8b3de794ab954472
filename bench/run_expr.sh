#!/usr/bin/env bash
# Build retort_expr_bench in Release and run it (SQLite only: the statement
# runs on a temporary database file). See docs/benchmarks.md.
#
#   bench/run_expr.sh [--executions N] [--batch N]
#
# Environment: RETORT_BENCH_BUILD_DIR (default build-bench), BUILD_JOBS
# (default: all cores), RETORT_BENCH_SKIP_BUILD=1 to run the binary already built.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${RETORT_BENCH_BUILD_DIR:-$root/build-bench}"
if [[ "${RETORT_BENCH_SKIP_BUILD:-}" != 1 ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target retort_expr_bench -j "${BUILD_JOBS:-$(nproc)}"
fi
exec "$build/bench/retort_expr_bench" "$@"
