#!/usr/bin/env bash
# soak.sh - the long soak test (10 minutes by default; argument: seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
VC_SOAK_SECONDS=${1:-600} ctest --test-dir "${VC_BUILD_DIR:-build}" -R soak.test_soak --output-on-failure
