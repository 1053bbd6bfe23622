# test_broker - the broker with real processes on loopback: ping, routing by
# service name, load balancing, unknown/unavailable services, a service
# killed mid-request, client.bye and client.lost (SIGKILL) events.
source "$(dirname "$0")/lib.sh"

start_broker --services=auth,data,scraper,echo
check "broker answers ping" 0 "pong" cli ping
check "unknown service is refused at once" 1 "unknown service" cli ping nosuch
check "declared service without instance is unavailable" 1 "unavailable" cli ping echo
check "invalid service name is a bad request" 1 "400 bad request" cli --raw ping 'Bad Name!'
check "wrong address says cannot connect" 3 "cannot connect to tcp://127.0.0.1:1" \
      cli --server=127.0.0.1:1 ping
check "garbage address says cannot connect" 3 "cannot connect to" cli --server='no such host!' ping

spawn watch "$VC_BIN/vc-cli" watch
WATCH_LOG=$TEST_TMP/watch.log
# (its subscription is made once it says so; the short wait after lets it
# reach the broker)
wait_for 20 grep -q "watching events" "$TEST_TMP/watch.log" || fail "the watch did not start"
sleep 0.5

start_service echo1 echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND"
check "request reaches the service" 0 "hello there" cli call echo echo "text=hello there"
check "wrong field type is a bad request" 1 "field 'ms' must be an integer" cli call echo sleep ms=abc
check "duplicate field is a bad request" 1 "duplicate field 'op'" cli call echo echo op:=5

# Load balancing between two instances
start_service echo2 echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND"
ECHO2_PID=$LAST_SERVICE_PID
instances=$(for i in $(seq 1 12); do cli call echo echo text=x; done | grep -o 'instance"=>"[^"]*' | sort -u | wc -l)
[ "$instances" -eq 2 ] && pass "requests are spread over both instances" \
                       || fail "load balancing: $instances instance(s) answered"

# Kill one instance while it holds a request: error well before the timeout.
# Both requests are known to be held once the broker counts them as sent
# to the service (each to another instance: the least loaded is chosen).
echo_requests () { cli --raw services | grep -oE '"name"=>"echo", [^}]*"requests"=>[0-9]+' | grep -oE '[0-9]+$'; }
before=$(echo_requests)
cli call echo sleep ms:=8000 > "$TEST_TMP/sleep1.out" 2>&1 &
S1=$!
cli call echo sleep ms:=8000 > "$TEST_TMP/sleep2.out" 2>&1 &
S2=$!
export -f cli echo_requests
wait_for 5 bash -c "[ \"\$(echo_requests)\" -ge $(( ${before:-0} + 2 )) ]" \
    || fail "the two sleeps were not sent to the service (requests before: ${before:-none})"
start=$(now_ms)
kill -9 "$ECHO2_PID"
wait $S1; wait $S2
elapsed=$(( $(now_ms) - start ))
if grep -q "stopped while handling" "$TEST_TMP/sleep1.out" "$TEST_TMP/sleep2.out" && [ "$elapsed" -lt 7000 ]; then
    pass "request on a killed instance fails fast (${elapsed} ms)"
else
    fail "killed instance: elapsed ${elapsed} ms: $(cat "$TEST_TMP"/sleep*.out)"
fi
check "the other instance keeps serving" 0 "still here" cli call echo echo "text=still here"

# The last instance dies: the next requests fail at once with 'unavailable'
kill -9 "$(pgrep -f "vc-echo-svc --backend=$BACKEND" | head -1)" 2>/dev/null
wait_for 8 bash -c "\"$VC_BIN/vc-cli\" ping echo 2>&1 | grep -q unavailable" \
    && pass "dead service is reported unavailable" || fail "dead service not reported"
# (quick: far from the broker's 4 s request timeout, within 1.5 s of a
# ping of the broker itself measured now)
reference=$(cli_ms ping)
start=$(now_ms)
cli ping echo > /dev/null 2>&1
elapsed=$(( $(now_ms) - start ))
[ "$elapsed" -lt $(( reference + 1500 )) ] && pass "unavailable answer is quick (${elapsed} ms, a ping of the broker ${reference} ms)" \
                        || fail "unavailable answer took ${elapsed} ms (a ping of the broker ${reference} ms)"

# A client killed with SIGKILL is reported lost; one that exits says bye
open_shell shell 7
echo "ping" >&7
wait_for 5 grep -q pong "$TEST_TMP/shell.out" || fail "shell did not answer"
kill -9 "$SHELL_PID"
exec 7>&-
wait_for 8 grep -q "client.lost" "$WATCH_LOG" && pass "SIGKILLed client reported lost" \
                                             || fail "no client.lost event"
grep -q "client.bye" "$WATCH_LOG" && pass "exiting clients say bye" || fail "no client.bye event"
grep -q "client.connect" "$WATCH_LOG" && pass "connections are reported" || fail "no client.connect"
seqs=$(awk '{print $1}' "$WATCH_LOG" | grep -E '^[0-9]+$')
count=$(grep -c . <<< "$seqs")
if [ "$count" -ge 3 ] && [ "$seqs" = "$(sort -n <<< "$seqs")" ]; then
    pass "events arrive in sequence order ($count events)"
else
    fail "events out of order or missing ($count numbered events)"
fi

# Options: a number or a switch that is not one stops the program at once
# with a usage error naming the option (flag or environment variable)
check "a word for a numeric flag" 2 "--timeout: 'abc' is not a whole number" cli --timeout=abc ping
check "a word in a numeric variable" 2 "VC_TIMEOUT='5s' \(for --timeout\) is not a whole number" \
      env VC_TIMEOUT=5s "$VC_BIN/vc-cli" ping
check "a timeout out of range" 2 "--timeout must be a whole number from 1 to" cli --timeout=0 ping
check "a switch that is neither true nor false" 2 "--curve-backend: 'maybe' is not true or false" \
      "$VC_BIN/vc-broker" --curve-backend=maybe
check "a broker number that is not one" 2 "--heartbeat: '1s' is not a whole number" \
      "$VC_BIN/vc-broker" --heartbeat=1s
check "the running broker is untouched" 0 "pong" cli ping

finish
