#!/usr/bin/env bash
# package.sh - builds the Debian packages (vcovid-server, vcovid-client and,
# with GTK, vcovid-desktop) into OUT (default: build-deb/packages): a
# Release build configured for /usr, then CPack with dpkg-shlibdeps, then
# lintian when installed (errors fail the build).
#   deploy/package.sh [OUT]       VC_DEB_BUILD=DIR picks the build folder
#   VC_WITH_GTK=OFF deploy/package.sh   (server and CLI only)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${VC_DEB_BUILD:-build-deb}
OUT=${1:-$BUILD/packages}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
      -DVC_DATA_DIR=/usr/share/vcovid/data -DVC_WITH_GTK="${VC_WITH_GTK:-ON}" \
      -DVC_BUILD_TESTS=OFF > /dev/null
programs="vc-broker vc-keygen vc-auth-svc vc-data-svc vc-scraper-svc vc-scrape-dump vc-cli"
if [ "${VC_WITH_GTK:-ON}" = ON ]; then programs="$programs vc-gtk vc-monitor"; fi
cmake --build "$BUILD" -j"$(nproc)" --target $programs man deb-docs
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
(cd "$BUILD" && cpack -G DEB -B "$OUT/.cpack" > "$OUT/cpack.log") || { cat "$OUT/cpack.log"; exit 1; }
mv "$OUT"/.cpack/*.deb "$OUT"/
rm -rf "$OUT/.cpack"
if command -v lintian > /dev/null; then
    lintian --fail-on error "$OUT"/*.deb
fi
ls "$OUT"/*.deb
