#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs them; results go to stdout and bench/results.json.
# The 16,384-NPU step takes about half a minute on a 2-core machine.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TCSIM_BUILD_DIR:-$repo/build}"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTCSIM_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target tcsim_bench_models tcsim_bench_scenarios
"$build/bench/tcsim_bench_models"
"$build/bench/tcsim_bench_scenarios" --benchmark_out="$repo/bench/results.json" --benchmark_out_format=json
