# test_routing_ids - the broker survives a routing id clash (libzmq aborts
# when a peer takes the next automatic routing id before an anonymous peer
# gets it): routing ids are never shown, peers with reserved ids (empty or
# starting with a zero byte) are cut off, clients choose random ids.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

hostile () { "$VC_BIN/vc-hostile" "$@"; }

start_broker --services=echo --operator-key-file="$OPERATOR_KEY"
start_service echo echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=echo --capacity=2

# Nothing a client sees carries a routing id
welcome_id=$(cli call broker ping | grep -oE '"client"=>"[0-9a-f]+"' | grep -oE '[0-9a-f]{4,}')
[ -n "$welcome_id" ] && [ "${#welcome_id}" -eq 16 ] \
    && pass "a client is known by an opaque 16-digit public id ($welcome_id)" \
    || fail "ping shows no public client id: $(cli ping)"
if cli_op clients | grep -qE '(^|[^0-9a-f])00[0-9a-f]{8}([^0-9a-f]|$)'; then
    fail "clients shows an automatic routing id: $(cli_op clients)"
else
    pass "clients shows no automatic routing id"
fi

# The attack, with an id learned or guessed
check "the broker survives squatted automatic routing ids" 0 "alive=yes" hostile routeclash "$FRONTEND" 8
kill -0 "$BROKER_PID" 2>/dev/null && pass "the broker is still running" || fail "the broker died"
grep -q "Assertion" "$TEST_TMP/broker.log" && fail "the broker log shows an assertion" \
    || pass "no assertion in the broker's log"
check "an anonymous peer learns no automatic id" 0 "learned=no" hostile routeclash "$FRONTEND" 2
grep -q "with a reserved routing id: connection closed" "$TEST_TMP/broker.log" \
    && pass "peers with reserved routing ids are cut off" \
    || fail "no reserved routing id was cut off"
check "well-behaved clients are still served" 0 "pong" cli ping
check "services are still reachable" 0 "200" cli call echo echo text=hello

# The same attack on the worker endpoint
check "the worker endpoint survives squatted routing ids" 0 "alive=yes" hostile routeclash "$BACKEND" 8 "$FRONTEND"
kill -0 "$BROKER_PID" 2>/dev/null && pass "the broker is still running" || fail "the broker died"
finish
