#!/usr/bin/env bash
# Re-pins tests/baselines/resnet50.json to what the current code simulates.
#   scripts/rebaseline.sh "why the simulated numbers moved"
# Needs a build with tests (scripts/setup.sh --test). Commit the baseline with the reason.
set -euo pipefail
if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: scripts/rebaseline.sh \"reason for the change\"" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TCSIM_BUILD_DIR:-$repo/build}"
TCSIM_REBASELINE="$1" "$build/tests/regression_test" --gtest_filter='Resnet50Baseline.*'
git -C "$repo" diff --stat -- tests/baselines/resnet50.json || true
