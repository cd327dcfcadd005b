#!/usr/bin/env bash
# README command (a): install the Debian packages, build in Release, and run
# the bundled default scenario (config/leeds-2020.toml), printing its table.
# Extra arguments go to `prevalence run`, e.g. --draws 50000 --mode realised.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build --target prevalence -j"$(nproc)"
./build/prevalence run config/leeds-2020.toml "$@"
