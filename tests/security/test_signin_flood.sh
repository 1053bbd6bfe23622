# test_signin_flood - one client floods the auth service with sign-ups
# (100 kept in flight, production hashing settings) while a real user signs
# in and out 20 times: with the broker's quotas (2 costly requests in flight
# per client) at least 95% of the real user's sign-ins and sign-outs
# succeed. The same run without the quotas is printed as the reference.
# Prints "# figure:" lines for docs/security.md.
source "$(dirname "$0")/../integration/lib.sh"

# round NAME BROKER_ARGS...: a broker and one auth instance (2 threads,
# Argon2id 2 passes, 32 MiB: the defaults), the flood, the real user.
round () {
    local name=$1; shift
    start_broker "$@"
    spawn "auth-$name" "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth-$name.db"
    AUTH_PID=$LAST_PID
    wait_for 20 cli --timeout=1000 ping auth || fail "$name: auth did not register"
    cli --timeout=10000 signup realuser real-password > /dev/null 2>&1
    "$VC_BIN/vc-sec-probe" signflood "$FRONTEND" 100 14 > "$TEST_TMP/flood-$name.out" 2>&1 &
    FLOOD_PID=$!
    TEST_PIDS+=("$FLOOD_PID")
    sleep 2
    USER_OUT=$("$VC_BIN/vc-auth-storm" --mode=latency --clients=1 --rounds=20 --prefix=realuser \
               --password=real-password --timeout=5000 2>&1)
    wait "$FLOOD_PID"
    FAILURES=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' <<< "$USER_OUT")
    echo "# figure: $name: the real user's 20 sign-ins + 20 sign-outs: ${FAILURES:-?} failed ($(grep -o 'median_ms=[0-9.]*' <<< "$USER_OUT")); $(cat "$TEST_TMP/flood-$name.out")"
    kill "$AUTH_PID" "$BROKER_PID" 2>/dev/null
    wait_for 10 bash -c "! kill -0 $BROKER_PID 2>/dev/null && ! kill -0 $AUTH_PID 2>/dev/null"
    mv "$TEST_TMP/broker.log" "$TEST_TMP/broker-$name.log"
}

round reference --costly-inflight=1000 --costly-source-inflight=100000
REFERENCE_FAILURES=${FAILURES:-40}
round quotas
[ -n "$FAILURES" ] && [ "$FAILURES" -le 2 ] \
    && pass "during one client's flood, $((40 - FAILURES)) of 40 of a real user's sign-ins and sign-outs succeeded (without the quotas: $((40 - REFERENCE_FAILURES)))" \
    || fail "real user during the flood: $USER_OUT"
grep -q "429=" "$TEST_TMP/flood-quotas.out" && pass "the flooding client was told 429 beyond its quota" \
    || fail "flood: $(cat "$TEST_TMP/flood-quotas.out")"
finish
