#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs a consumer
# through find_package(retort CONFIG) and through pkg-config.
set -euo pipefail
build_dir=$1
src_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null

cmake -S "$src_dir/consumer" -B "$work/cmake-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
"$work/cmake-build/consumer" | grep -qx "consumer: 42"
"$work/cmake-build/consumer_migrate" --version | grep -q "^retort "
"$work/prefix/bin/retort" --version | grep -q "^retort "

export PKG_CONFIG_PATH; PKG_CONFIG_PATH=$(dirname "$(find "$work/prefix" -name retort-engine.pc)")
# shellcheck disable=SC2046
g++ -o "$work/pc-consumer" "$src_dir/consumer/main.cpp" $(pkg-config --cflags --libs retort-engine) \
  -Wl,-rpath,"$(pkg-config --variable=libdir retort-engine)"
"$work/pc-consumer" | grep -qx "consumer: 42"
echo "install test: find_package (retort::engine, retort::cli) and pkg-config consumers ran"
