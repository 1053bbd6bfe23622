#!/usr/bin/env bash
# test_docs_check - the docs check of vc_codegen.py fails when the docs and
# the model differ: a generated table edited by hand, a generated section
# removed, an operation a service's page names that the model lacks, and
# one of the model the page leaves out. Works on a copy of the docs.
set -u
SOURCE=${VC_SOURCE:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vc-docs-check.$$.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
gen () { python3 "$SOURCE/proto/vc_codegen.py" --model "$SOURCE/proto/vcovid.xml" --docs "$tmp" --check; }
fresh () { rm -rf "$tmp/docs"; cp -r "$SOURCE/docs" "$tmp/docs"; }
expect () {     # expect NAME WANT_RC PATTERN: run the check, compare
    local out rc
    out=$(gen 2>&1); rc=$?
    if [ "$rc" -eq "$2" ] && grep -q -- "$3" <<< "$out"; then echo "ok - $1"
    else echo "FAILED - $1 (exit $rc, want $2; output: $out)"; failures=$((failures + 1)); fi
}

fresh
expect "the committed docs match the model" 0 ""
sed -i 's/^| 404  | not found            |/| 404  | missing              |/' "$tmp/docs/protocol.md"
expect "a status row edited by hand" 1 "differs from the model"
fresh
sed -i '/generated from proto\/vcovid.xml: events/d' "$tmp/docs/protocol.md"
expect "a generated section without its marker" 1 "no generated section 'events'"
fresh
sed -i 's/^| `whoami` |/| `whoareyou` |/' "$tmp/docs/auth.md"
expect "an operation the model lacks, one the page lacks" 1 "operation 'whoareyou' is not in the model"
fresh
sed -i '/^| `stats` |/d' "$tmp/docs/data.md"
expect "an operation of the model left out of its page" 1 "operation 'stats' of the model is not in its table"
[ "$failures" -eq 0 ] && echo "all passed" || exit 1
