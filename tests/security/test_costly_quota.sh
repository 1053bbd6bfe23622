# test_costly_quota - requests to a costly service (sign-up, sign-in: a
# password hash each; here an echo service declared costly) have their own
# quotas in flight: 2 per client and --costly-source-inflight per source
# address; beyond them the broker answers 429 at once, and the places come
# back when the answers do. A request sent again under the id of one in
# flight is dropped (its first answer answers it) and takes no place.
# Of a service the protocol model describes (auth), only the operations it
# declares costly count (sign-up, sign-in; here an echo service registered
# as auth, whose signin sleeps): other requests take no place.
source "$VC_SOURCE/tests/integration/lib.sh"
probe () { "$VC_BIN/vc-sec-probe" "$@"; }

check "--help lists the quotas" 0 "--costly-source-inflight" "$VC_BIN/vc-broker" --help
check "a quota of 0 is refused" 1 "must be a whole number from 1" "$VC_BIN/vc-broker" --costly-inflight=0

start_broker --services=slow,echo,auth --costly-services=slow,auth --costly-source-inflight=3 --client-inflight=4
start_service slow slow "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=slow --capacity=20
start_service echo echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=echo --capacity=20

check "one client: 2 costly requests in flight, the other 6 refused at once" 0 \
      "^200=2 429=6 first refusal: 429 too many sign-ups or sign-ins in flight from this client" \
      probe burst "$FRONTEND" 8 slow sleep ms=800
check "other services are not limited by it" 0 "^200=4 first refusal: none" \
      probe burst "$FRONTEND" 4 echo sleep ms=300

# Three clients of one address, 2 each at once: 3 served, 3 refused
for i in 1 2 3; do
    probe burst "$FRONTEND" 2 slow sleep ms=1500 > "$TEST_TMP/source$i.out" 2>&1 &
    TEST_PIDS+=($!)
done
wait_for 15 bash -c "[ \$(cat '$TEST_TMP'/source?.out | grep -c 'first refusal') -eq 3 ]" \
    || fail "the three clients did not finish"
served=$(cat "$TEST_TMP"/source?.out | sed -n 's/.*200=\([0-9]*\).*/\1/p' | paste -sd+ | bc)
refused=$(cat "$TEST_TMP"/source?.out | sed -n 's/.*429=\([0-9]*\).*/\1/p' | paste -sd+ | bc)
echo "# $(cat "$TEST_TMP"/source?.out | tr '\n' ' ')"
[ "${served:-0}" = 3 ] && [ "${refused:-0}" = 3 ] && grep -q "from this address" "$TEST_TMP"/source?.out \
    && pass "one address: 3 costly requests in flight, 3 refused" \
    || fail "one address: served ${served:-0}, refused ${refused:-0}"
check "the places come back with the answers" 0 "^200=2 first refusal: none" \
      probe burst "$FRONTEND" 2 slow sleep ms=10

# The same request id 4 times at once: one answer; 4 with their own ids
# then fit in --client-inflight=4 (dropped repeats took no place)
out=$(probe repeat "$FRONTEND" 4 echo sleep ms=300 2>&1)
echo "# $out"
grep -q "^same id: 200=1 first refusal: none" <<< "$out" && grep -q "^own ids: 200=4 first refusal: none" <<< "$out" \
    && pass "a repeat of a request in flight is answered once, and takes no place" \
    || fail "repeats: $out"
# auth: only sign-ups and sign-ins (the model's costly operations) count
start_service auth auth "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=auth --capacity=20
check "auth: requests that hash no password take no place in the quotas" 0 "^200=4 first refusal: none" \
      probe burst "$FRONTEND" 4 auth sleep ms=800
check "auth: sign-ins do (2 in flight per client)" 0 \
      "^200=2 429=2 first refusal: 429 too many sign-ups or sign-ins in flight from this client" \
      probe burst "$FRONTEND" 4 auth signin ms=800
check "the broker serves on" 0 "pong" cli ping
finish
