# test_signin_flood - a crowd of 100 clients from one address of its own
# (127.0.0.2) floods the auth service with sign-ups (2 in flight each, what
# the per-client quota allows; production hashing settings) while a real
# user from 127.0.0.1 signs in and out. With the broker's quota per source
# address (costly requests in flight) the crowd holds a few of the
# turns fair queueing gives, not 100 of them: each of the real user's
# sign-ins and sign-outs succeeds and its slowest sign-in stays within
# VC_FLOOD_MAX_RATIO (20) times its median alone, measured just before in
# the same run (without the quota it waits a turn after each of the crowd's
# clients: 100 or more times). The crowd is told 429 beyond the quota.
# Prints "# figure:" lines for docs/security.md.
source "$(dirname "$0")/../integration/lib.sh"

MAX_RATIO=${VC_FLOOD_MAX_RATIO:-20}

# Requests wait as long as they need (no 504 thinning the crowd's queue);
# a quota per address of 4, a quarter of the default, so that the real
# user's wait behind the crowd is well apart from a turn after each of its
# clients whatever the machine's load
start_broker --request-timeout=60000 --costly-source-inflight=4
spawn auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db"
AUTH_PID=$LAST_PID
wait_for 20 cli --timeout=1000 ping auth || fail "auth did not register"
cli --timeout=10000 signup realuser real-password > /dev/null 2>&1

# user ROUNDS: the real user signs in and out ROUNDS times; sets FAILURES,
# MEDIAN and SLOWEST (sign-ins, ms)
user () {
    USER_OUT=$("$VC_BIN/vc-auth-storm" --mode=latency --clients=1 --rounds="$1" --prefix=realuser \
               --password=real-password --timeout=60000 2>&1)
    FAILURES=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' <<< "$USER_OUT")
    MEDIAN=$(sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p' <<< "$USER_OUT")
    SLOWEST=$(sed -n 's/.*max_ms=\([0-9.]*\).*/\1/p' <<< "$USER_OUT")
}

user 10
ALONE=$MEDIAN
[ -n "$ALONE" ] && [ "$FAILURES" = 0 ] && pass "alone: the real user's median sign-in ${ALONE} ms" \
    || fail "real user alone: $USER_OUT"

"$VC_BIN/vc-hostile" crowd "$FRONTEND" 127.0.0.2 100 60 > "$TEST_TMP/crowd.out" 2>&1 &
CROWD_PID=$!
TEST_PIDS+=("$CROWD_PID")
sleep 3   # the crowd holds its places before the real user comes
user 6
kill -TERM "$CROWD_PID" 2>/dev/null
wait "$CROWD_PID" 2>/dev/null
CROWD=$(cat "$TEST_TMP/crowd.out")
echo "# figure: the real user's 6 sign-ins + 6 sign-outs during the crowd's flood: ${FAILURES:-?} failed, median sign-in ${MEDIAN:-?} ms, slowest ${SLOWEST:-?} ms (alone: median ${ALONE:-?} ms); crowd: $CROWD"
[ "$FAILURES" = 0 ] \
    && pass "during the crowd's flood the real user's 6 sign-ins and 6 sign-outs succeeded" \
    || fail "real user during the flood: $USER_OUT"
awk -v m="${SLOWEST:-0}" -v a="${ALONE:-0}" -v r="$MAX_RATIO" 'BEGIN { exit !(m > 0 && a > 0 && m <= r * a) }' \
    && pass "slowest sign-in during the flood ${SLOWEST} ms: within $MAX_RATIO times the median alone (${ALONE} ms)" \
    || fail "slowest sign-in during the flood ${SLOWEST:-?} ms: more than $MAX_RATIO times the median alone (${ALONE:-?} ms)"
grep -q "429=" <<< "$CROWD" && pass "the crowd was told 429 beyond its address's quota" \
    || fail "crowd: $CROWD"
finish
