#!/usr/bin/env bash
# test_catalogue - every string people read is in po/vcovid.pot, and every
# po/LANG.po translates all of them (none missing, none fuzzy).
set -euo pipefail
command -v xgettext > /dev/null || { echo "SKIP: xgettext (package gettext) missing"; exit 77; }
"$VC_SOURCE/po/update.sh" --check
echo "PASS: catalogue complete"
