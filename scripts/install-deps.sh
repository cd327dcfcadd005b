#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, run and test.
# Idempotent: apt-get skips what is already installed. Run as root (or via sudo).
set -euo pipefail

packages=(
  build-essential g++ cmake make pkg-config
  libboost-math-dev libboost-program-options-dev
  libeigen3-dev
  libhdf5-dev
  libssl-dev  # SHA-256 of the inputs, recorded in results.h5
  libtomlplusplus-dev
  librandom123-dev
  libfmt-dev
  libfccp-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  python3-numpy
  # scripts/plot, scripts/report and scripts/results_to_pandas.py read results.h5 and draw its
  # charts (in DejaVu Sans); the report's test renders the page in headless chromium
  python3-h5py python3-matplotlib python3-pandas fonts-dejavu-core chromium
  # the fuzzers of scripts/fuzz.sh: clang's libFuzzer and sanitizer runtimes
  clang libclang-rt-14-dev libfuzzer-14-dev
  # a one-node Slurm cluster for scripts/slurm-array.sh's test (tests/scripts/slurm_cluster_test.sh)
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
