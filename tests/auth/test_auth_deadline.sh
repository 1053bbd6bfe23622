# test_auth_deadline - a sign-up that waited in an auth instance past the
# request timeout is dropped before it is hashed (the broker has answered
# 504 by then): one slow hashing thread, 8 sign-ups at once, a 700 ms
# timeout; the dropped ones create no account and cost no hash, and the
# debug line per request shows how long they waited in the queue.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

check "--help lists the timeout" 0 "--request-timeout" "$VC_BIN/vc-auth-svc" --help
start_auth_broker --request-timeout=700
start_auth slow --threads=1 --capacity=8 --request-timeout=700 --pwhash-mem=96 --pwhash-ops=3
out=$("$VC_BIN/vc-auth-storm" --mode=distinct --clients=8 --prefix=late --timeout=15000 --db="$AUTH_DB" 2>&1)
echo "# $(grep -E '^distinct' <<< "$out")"
# The clients stop at the broker's 504; the instance still works through
# its queue: wait until it has logged each of the 8 sign-ups
handled () {
    [ "$(grep -cE "signup request dropped before it was handled| registered late" "$TEST_TMP/slow.log")" -ge 8 ]
}
wait_for 30 handled || echo "# the instance logged fewer than 8 sign-ups within 30 s"
dropped=$(grep -c "signup request dropped before it was handled" "$TEST_TMP/slow.log" || true)
registered=$(grep -c " registered late" "$TEST_TMP/slow.log" || true)
stored=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE substr(username, 1, 4) = 'late'")
echo "# dropped before hashing: $dropped, registered: $registered, stored: $stored"
[ "$dropped" -gt 0 ] && pass "sign-ups past their deadline were dropped before hashing ($dropped of 8)" \
                     || fail "none dropped (registered $registered)"
[ "$stored" = "$registered" ] && [ $((dropped + registered)) -le 8 ] \
    && pass "only the sign-ups handled made accounts ($stored)" || fail "stored $stored, registered $registered"
# The debug line per request says where its time went: the dropped ones
# waited in the instance's queue past the 700 ms deadline
waited=$(grep -oE "signup took [0-9]+ ms: [0-9]+ ms before the pool, [0-9]+ ms queued, [0-9]+ ms run" \
         "$TEST_TMP/slow.log" | awk '{print $10}' | sort -n | tail -1)
echo "# longest wait in the queue per the timing lines: ${waited:-none} ms"
[ "${waited:-0}" -ge 700 ] && pass "the timing lines show the queue wait ($waited ms)" \
                          || fail "no timing line shows the wait past the deadline (${waited:-none})"
check "the instance serves on" 0 "account created" cli --timeout=10000 signup ontime ontime-password
finish
