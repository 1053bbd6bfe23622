# test_fair_queue - one client's flood cannot starve another's requests: a
# service's waiting requests take turns between clients (broker_queue).
# One client queues 35 requests of 100 ms on a service of capacity 1; a
# second client's request must not wait behind them (first come, first
# served it would wait 3.5 s).
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

# (requests may wait 30 s: the flood's 35 x 100 ms on one instance take
# 3.5 s alone, longer than the default 4 s on a busy machine)
start_broker --services=slow --request-timeout=30000
start_service slow slow "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=slow --capacity=1

# The same request alone first: the reference (a process start and a round
# trip). Behind the flood in a plain queue it would wait about 3 s more.
reference=$(cli_ms call slow sleep ms:=0)
"$VC_BIN/vc-sec-probe" burst "$FRONTEND" 35 slow sleep ms=100 > "$TEST_TMP/flood.out" 2>&1 &
FLOOD_PID=$!
TEST_PIDS+=("$FLOOD_PID")
sleep 0.5
start=$(now_ms)
out=$(cli call slow sleep ms:=0 2>&1)
took=$(( $(now_ms) - start ))
echo "# figure: a request behind another client's 35 queued requests of 100 ms: answered in $took ms (alone: $reference ms)"
grep -q "200\|ok\|instance" <<< "$out" || fail "the second client's request failed: $out"
[ "$took" -lt $(( reference + 1500 )) ] && pass "another client's flood does not starve this request ($took ms, alone $reference ms)" \
                     || fail "the request waited $took ms behind another client's flood (alone $reference ms)"
wait "$FLOOD_PID"
grep -q "^200=35 " "$TEST_TMP/flood.out" && pass "the flooding client is served in full too" \
                                        || fail "flood: $(cat "$TEST_TMP/flood.out")"
finish
