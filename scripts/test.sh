#!/usr/bin/env bash
# test.sh - installs what is needed, builds, and runs every test (unit,
# integration with real processes on loopback, scraper, UI under Xvfb).
# Extra arguments go to ctest (e.g. -L unit, -R broker).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${VC_BUILD_DIR:-build}
cd "$BUILD"
ctest --output-on-failure --timeout 600 "$@"
