#!/usr/bin/env bash
# setup.sh - installs the Debian packages the system needs (when missing),
# then configures and builds it into build/ (or $VC_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=$(grep -vE '^\s*(#|$)' scripts/packages.txt)
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
    echo "setup: installing $(echo $missing | wc -w) package(s): $(echo $missing)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing > /dev/null
fi

BUILD=${VC_BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=${VC_BUILD_TYPE:-RelWithDebInfo} ${VC_CMAKE_ARGS:-} > /dev/null
cmake --build "$BUILD" -j"$(nproc)"
echo "setup: built into $BUILD/bin"
