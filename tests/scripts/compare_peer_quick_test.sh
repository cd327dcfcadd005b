#!/usr/bin/env bash
# Quick agreement check of the engine against its numpy peer on the reference
# workload's la size, both modes, 2,000 draws (scripts/compare-peer explains
# the tolerance). Checks agreement only, never speed.
# Usage: compare_peer_quick_test.sh ENGINE_BINARY
# Exit 77 (ctest: skipped) when no python3 can import numpy.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
if ! "$here/scripts/compare-peer" --which-python >/dev/null 2>&1; then
  echo "SKIP: no python3 with numpy (Debian: apt-get install python3-numpy)"
  exit 77
fi
exec "$here/scripts/compare-peer" --engine "$1" --sizes la --modes expected,realised --draws 2000
