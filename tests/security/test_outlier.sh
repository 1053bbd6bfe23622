# test_outlier - an instance that heartbeats but never answers is taken out
# of rotation after 3 requests in a row time out (outlier detection), so a
# hung instance next to a healthy one fails only the first few requests.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

start_broker --services=echo --request-timeout=800
start_service echo echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=echo --capacity=4
spawn blackhole "$VC_BIN/vc-hostile" blackhole "$BACKEND" echo 60
wait_for 10 bash -c "[ \$(grep -c 'echo instance .* ready' '$TEST_TMP/broker.log') -ge 2 ]" \
    || fail "the hung instance did not register"

failed=0; late_failed=0
for i in $(seq 12); do
    if ! cli --timeout=3000 call echo echo "text=n$i" > /dev/null 2>&1; then
        failed=$((failed + 1))
        [ "$i" -gt 6 ] && late_failed=$((late_failed + 1))
    fi
done
echo "# figure: 12 requests next to a hung instance: $failed failed ($late_failed of the last 6)"
[ "$failed" -le 3 ] && [ "$late_failed" -eq 0 ] \
    && pass "the hung instance is taken out of rotation ($failed of 12 failed, none of the last 6)" \
    || fail "the hung instance stays in rotation: $failed of 12 failed, $late_failed of the last 6"
wait_for 5 grep -q "out of rotation" "$TEST_TMP/broker.log" && pass "the ejection is logged" \
                                                || fail "no ejection in the broker log"
finish
