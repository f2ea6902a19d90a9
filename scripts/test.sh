#!/usr/bin/env bash
# Runs the whole test suite: the normal build, the same suite built with
# AddressSanitizer + UndefinedBehaviorSanitizer, and the CLI tests under
# valgrind.  Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== tests (build/)"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== tests under ASan + UBSan (build-asan/)"
BUILD_DIR=build-asan CMAKE_ARGS="-DCT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug" ./scripts/setup.sh
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== CLI tests under valgrind"
CT_VALGRIND=1 ctest --test-dir build --output-on-failure -R '^test_cli$'
