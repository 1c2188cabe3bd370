#!/usr/bin/env bash
# Re-pins tests/baselines/resnet50.json to what the current code simulates (tcsim check --update).
#   scripts/rebaseline.sh "why the simulated numbers moved"
# Needs a built tcsim (scripts/setup.sh). Commit the baseline with the reason.
set -euo pipefail
if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: scripts/rebaseline.sh \"reason for the change\"" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TCSIM_BUILD_DIR:-$repo/build}"
"$build/src/tcsim" check "$repo/tests/baselines/resnet50.json" --update --reason "$1"
git -C "$repo" diff --stat -- tests/baselines/resnet50.json || true
