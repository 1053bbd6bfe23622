# test_timeouts - the two timeouts of docs/protocol.md: a service that does
# not answer within the broker's --request-timeout gets the client a 504 from
# the broker (the service's late answer is dropped, the service serves on);
# a broker that does not answer within the client's --timeout gets the
# client "504 server not responding" (a frozen broker).
source "$(dirname "$0")/lib.sh"
probe () { "$VC_BIN/vc-sec-probe" "$@"; }

start_broker --request-timeout=500
start_service slow slow "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=slow --capacity=4
started=$(now_ms)
check "a request the service holds past --request-timeout gets 504" 0 "^504=1" \
      probe burst "$FRONTEND" 1 slow sleep ms=2000
elapsed=$(( $(now_ms) - started ))
[ "$elapsed" -lt 1900 ] && pass "the 504 came before the service's answer ($elapsed ms)" \
                        || fail "the 504 took $elapsed ms (timeout 500 ms, service 2000 ms)"
check "a request within the timeout is served" 0 "^200=1" probe burst "$FRONTEND" 1 slow sleep ms=100
sleep 2     #  the late answer of the first request arrives and is dropped
check "the service serves on after a late answer" 0 "^200=1" probe burst "$FRONTEND" 1 slow sleep ms=10

VC_TIMEOUT=1000 open_shell shell 7
echo "ping" >&7
wait_for 5 grep -q pong "$TEST_TMP/shell.out" && pass "a connected client" || fail "shell did not answer"
kill -STOP "$BROKER_PID"
started=$(now_ms)
echo "ping" >&7
wait_for 10 grep -qE "not responding|no answer from the server" "$TEST_TMP/shell.out" \
    && pass "a frozen broker: the client reports 504 server not responding" \
    || fail "no timeout reported: $(tail -3 "$TEST_TMP/shell.out")"
elapsed=$(( $(now_ms) - started ))
kill -CONT "$BROKER_PID"
[ "$elapsed" -ge 900 ] && pass "the client waited its timeout ($elapsed ms)" \
                       || fail "the client gave up after $elapsed ms (timeout 1000 ms)"
exec 7>&-
check "the broker serves again once it runs" 0 "pong" cli ping
finish
