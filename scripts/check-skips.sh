#!/usr/bin/env bash
# check-skips.sh JUNIT_XML - fails when CTest skipped a test that
# tests/skips-allowed.txt does not list (a test that must run here did not),
# and prints every skip with its reason either way.
set -euo pipefail
junit=${1:?usage: check-skips.sh CTEST_JUNIT_XML}
allowed=$(dirname "$0")/../tests/skips-allowed.txt
skipped=$(grep -o '<testcase name="[^"]*"[^>]*status="notrun"' "$junit" \
          | sed 's/<testcase name="\([^"]*\)".*/\1/' || true)
[ -z "$skipped" ] && { echo "check-skips: no test skipped"; exit 0; }
bad=0
for test in $skipped; do
    reason=$(awk -v t="$test" '$1 == t { $1 = ""; sub(/^ +/, ""); print; exit }' "$allowed")
    if [ -n "$reason" ]; then
        echo "check-skips: $test skipped (allowed: $reason)"
    else
        echo "check-skips: $test skipped but must run here (not in tests/skips-allowed.txt)"
        bad=1
    fi
done
exit $bad
