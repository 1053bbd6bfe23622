#!/usr/bin/env bash
# test.sh - installs what is needed, builds, and runs every test (unit,
# integration with real processes on loopback, scraper, UI under Xvfb).
# Extra arguments go to ctest (e.g. -L unit, -R broker). A test that skips
# without being listed in tests/skips-allowed.txt fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${VC_BUILD_DIR:-build}
junit=$(mktemp /tmp/vc-ctest.XXXXXX.xml)
trap 'rm -f "$junit"' EXIT
rc=0
(cd "$BUILD" && ctest --output-on-failure --timeout 600 --output-junit "$junit" "$@") || rc=$?
scripts/check-skips.sh "$junit" || rc=1
exit $rc
