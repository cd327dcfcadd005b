#!/usr/bin/env bash
# README command (b), and what CI runs: install the Debian packages, build in
# Release with warnings as errors and run the whole test suite; then build
# again with AddressSanitizer + UndefinedBehaviorSanitizer and run it again;
# then ThreadSanitizer on the code that runs threads, each fuzzer for 10 s,
# and every benchmark once in smoke mode (no timing is checked).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

bash scripts/install-deps.sh

echo "== Release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPREVALENCE_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
# -O1 -g1: what the sanitizers need to run fast enough and to name the line
# of a fault, at about half the compile time of -O2 -g.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DPREVALENCE_SANITIZE=ON -DPREVALENCE_WERROR=ON -DPREVALENCE_BUILD_BENCH=OFF
cmake --build build-sanitize -j"$jobs"
# The Python scripts' tests (label python) test Python, and run in the Release
# pass; every engine path they reach is also reached by the C++ tests here. So
# do the coverage studies (statistics over 4,000 surveys each, the slowest
# tests here): the driver paths they run are the per-area and shared-table
# paths every other driver test takes.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure -j"$jobs" --label-exclude python --exclude-regex '^Coverage\.'

echo "== ThreadSanitizer build: the parallel driver's tests and the CLI on several threads"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DPREVALENCE_TSAN=ON -DPREVALENCE_WERROR=ON -DPREVALENCE_BUILD_BENCH=OFF
cmake --build build-tsan -j"$jobs"
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure -j"$jobs"

echo "== Fuzzing each reader briefly (clang, libFuzzer; scripts/fuzz.sh runs them for longer)"
# A fixed seed: every CI run starts from the same mutations.
bash scripts/fuzz.sh --seconds 10 --seed 1

echo "== Benchmarks, smoke mode"
# Every benchmark once, except the full-size reference workload and its
# scaling runs (minutes) and the long coverage study (its test runs a short
# one); the reference scenario file runs instead through the CLI with few draws.
./build/bench/prevalence_bench --benchmark_min_time=0 '--benchmark_filter=-Reference|CoverageStudy' >/dev/null
./build/prevalence run bench/reference/la.toml --draws 200 --mode realised --quiet \
  --out "$(mktemp -d)" >/dev/null
echo "all tests passed"
