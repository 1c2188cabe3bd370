#!/usr/bin/env bash
# One-stop set-up for tcsim on Debian 12 (bookworm).
#   scripts/setup.sh          install dependencies, build (Release), run the default simulation
#   scripts/setup.sh --test   install dependencies, build (Release) with tests, run the whole test suite
# Idempotent: packages already installed are not reinstalled, and the build is incremental.
set -euo pipefail

mode=run
case "${1:-}" in
  ""|--run) mode=run ;;
  --test) mode=test ;;
  -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
  *) echo "setup.sh: unknown option '$1' (expected --test or nothing)" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TCSIM_BUILD_DIR:-$repo/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

packages=(build-essential cmake pkg-config libsimgrid-dev libboost-graph-dev nlohmann-json3-dev
          libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev)
# Tools the tests drive for real: GNU parallel spreads a sharded sweep over processes; xmllint
# checks that tcsim check's JUnit XML is well formed; headless Chromium renders the HTML pages.
[[ $mode == test ]] && packages+=(parallel libxml2-utils chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing: ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup.sh: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "==> dependencies already installed"
fi

tests=OFF
[[ $mode == test ]] && tests=ON
echo "==> configuring and building in $build (Release, tests $tests)"
# The test build also compiles the benchmarks (without running them) so that they cannot rot.
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTCSIM_TESTS=$tests -DTCSIM_BENCH=$tests >/dev/null
cmake --build "$build" -j "$jobs"

if [[ $mode == run ]]; then
  echo "==> tcsim run (default scenario: ResNet-50 on the Atlas 900 1024-NPU cluster)"
  "$build/src/tcsim" run
else
  echo "==> running the test suite"
  ctest --test-dir "$build" --output-on-failure -j "$jobs"
fi
