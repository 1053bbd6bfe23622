#!/usr/bin/env bash
# sanitize.sh - builds the system with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DVC_SANITIZE=ON) into build-asan/ (or
# $VC_ASAN_BUILD_DIR) and runs the tests there: by default the unit,
# integration, security, auth, data, scraper and ui labels; extra arguments go
# to ctest instead (e.g. -L unit, -R broker). Not part of the normal test
# command. Any sanitizer report makes the program, and so its test, fail.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${VC_ASAN_BUILD_DIR:-build-asan}
cmake -S . -B "$BUILD" -DVC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo ${VC_CMAKE_ARGS:-} > /dev/null
cmake --build "$BUILD" -j"$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$BUILD"
if [ "$#" -eq 0 ]; then
    set -- -L 'unit|integration|security|auth|data|scraper|ui' -LE 'memcheck|soak'
fi
ctest --output-on-failure --timeout 600 "$@"
