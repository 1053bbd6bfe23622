#!/usr/bin/env bash
# test_history - the broker keeps the last --history events and pages
# through them with op "history" (operator key, after, limit): the oldest
# go first, a page ends at the newest, bad requests are refused with 400.
source "$(dirname "$0")/lib.sh"
expect () { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

start_broker --history=5 --operator-key-file="$OPERATOR_KEY"
KEY=$(cat "$OPERATOR_KEY")
for i in 1 2 3 4; do cli ping > /dev/null; done   # connect + bye each

reply=$(cli call broker history key="$KEY")
newest=$(echo "$reply" | grep -oE '"seq"=>[0-9]+, "first"' | grep -oE '[0-9]+')
first=$(echo "$reply" | grep -oE '"first"=>[0-9]+' | grep -oE '[0-9]+')
count=$(echo "$reply" | grep -oE '"topic"=>' | wc -l)
expect "only the last 5 kept" [ "$count" -eq 5 ]
expect "first is 4 before the newest ($first, $newest)" [ "$first" -eq $(( newest - 4 )) ]
echo "$reply" | grep -q '"more"=>false' && pass "one page holds them" || fail "more: $reply"

# Paging from one connection (a shell adds no events while it asks): one
# event at a time, in order, no gap, up to the newest
open_shell shell 7
pages () { [ "$(grep -c '"last"' "$TEST_TMP/shell.out")" -ge "$1" ]; }
after=0; seen=""
for i in 1 2 3 4 5 6 7; do
    echo "call broker history key=$KEY after:=$after limit:=1" >&7
    wait_for 5 pages "$i" || break
    last=$(grep -oE '"last"=>[0-9]+' "$TEST_TMP/shell.out" | tail -1 | grep -oE '[0-9]+')
    [ "$last" = "$after" ] && break
    seen="$seen $last"; after=$last
done
newest=$(grep -oE '"seq"=>[0-9]+, "first"' "$TEST_TMP/shell.out" | tail -1 | grep -oE '[0-9]+')
expect "pages walk the kept events in order up to $newest ($seen)" \
    [ "$seen" = " $((newest-4)) $((newest-3)) $((newest-2)) $((newest-1)) $newest" ]

out=$(cli call broker history key="$KEY" limit:=0 2>&1); rc=$?
expect "limit 0 refused" [ "$rc" -eq 1 ]
echo "$out" | grep -q "limit" && pass "the reason names limit" || fail "reason: $out"
out=$(cli call broker history key="$KEY" after:=-3 2>&1); rc=$?
expect "negative after refused" [ "$rc" -eq 1 ]

# What a service publishes while nobody is subscribed to the bus is kept
# too (the broker subscribes itself): a sign-up with no viewer about
if [ -x "$VC_BIN/vc-auth-svc" ]; then
    exec 7>&-
    start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --pwhash-ops=1 --pwhash-mem=8
    cli signup hiro hiro-password-1 > /dev/null || fail "cannot sign up hiro"
    wait_for 5 bash -c "'$VC_BIN/vc-cli' call broker history key='$KEY' | grep -q '\"topic\"=>\"auth.register\"'" \
        && pass "a service's event with no subscriber is in the history" \
        || fail "no auth.register kept: $(cli call broker history key="$KEY" | grep -oE '"topic"=>"[a-z._]+"' | tr '\n' ' ')"
else
    skip_part "vc-auth-svc not built: a service's event with no subscriber"
fi

"$VC_BIN/vc-broker" --history=lots > "$TEST_TMP/bad.log" 2>&1; rc=$?
expect "a bad --history stops the broker at start" [ "$rc" -ne 0 ]
grep -q -- "--history" "$TEST_TMP/bad.log" && pass "it says why" || fail "$(cat "$TEST_TMP/bad.log")"
finish
