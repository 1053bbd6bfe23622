# test_valgrind_broker - the broker's whole lifecycle under valgrind
# (--leak-check=full): start, clients connecting, leaving and vanishing,
# requests to the broker and to a service, a service dying mid-request,
# malformed and oversized messages, then SIGTERM. Fails on any memory
# error and on any definite or indirect leak.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

command -v valgrind > /dev/null || skip_all "valgrind not installed (Debian package valgrind)"
probe () { "$VC_BIN/vc-sec-probe" "$@"; }

spawn broker valgrind --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
      "$VC_BIN/vc-broker" --services=echo --log-level=debug --client-rate=100 \
      --operator-key-file="$OPERATOR_KEY"
BROKER_PID=$LAST_PID
wait_for 60 cli --timeout=2000 ping || fail "broker did not start under valgrind"

start_service echo echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND"
ECHO_PID=$LAST_SERVICE_PID
check "ping" 0 "pong" cli ping
check "services" 0 "echo" cli services
check "clients" 0 "client" cli_op clients
check "clients without the operator key" 1 "403" cli --raw call broker clients key=wrong
check "a request through a service" 0 "hello" cli call echo echo text=hello
check "unknown service" 1 "unknown service" cli ping nosuch
check "malformed messages" 0 "answered=14 sent=14 alive=yes" probe garbage "$FRONTEND"
check "oversized message" 0 "^cut" probe oversize "$FRONTEND" 2097152
check "body too large" 0 "^cut" probe oversize "$FRONTEND" 300000
check "a burst over the rate limit" 0 "429=" probe burst "$FRONTEND" 300 broker ping

# A client that vanishes (client.lost) and one that says bye
open_shell shell 7
echo "ping" >&7
wait_for 10 grep -q pong "$TEST_TMP/shell.out" || fail "shell did not answer"
kill -9 "$SHELL_PID"
exec 7>&-

# A service killed while it holds requests; queued and in-flight ones fail
cli call echo sleep ms:=3000 > /dev/null 2>&1 &
sleep 1
kill -9 "$ECHO_PID"
wait_for 15 bash -c "\"$VC_BIN/vc-cli\" ping echo 2>&1 | grep -q unavailable" \
    && pass "the dead service is noticed" || fail "dead service not noticed"
sleep 4                         #  The vanished client expires

kill -TERM "$BROKER_PID"
wait "$BROKER_PID"
rc=$?
LOG=$TEST_TMP/broker.log
grep -q "client.lost\|connection lost\|connection closed" "$LOG" && pass "a vanished client was dropped" \
                                            || fail "no lost client in the log"
if [ "$rc" -eq 0 ] && grep -q "ERROR SUMMARY: 0 errors" "$LOG"; then
    pass "no memory errors or leaks under valgrind ($(grep -o 'definitely lost: [0-9,]* bytes' "$LOG" || echo 'no leak'))"
else
    fail "valgrind: exit $rc: $(grep -E 'definitely|indirectly|ERROR SUMMARY|Invalid' "$LOG" | head -5)"
    grep -A25 "definitely lost in\|indirectly lost in\|Invalid " "$LOG" | head -80
fi

finish
