# test_limits - the broker's limits with real processes on loopback: a frame
# over 256 KiB (the largest body) cuts only that connection, the
# per-client rate limit and in-flight cap, the bounded service queue, the
# cap on connected clients, HELLO/BYE loops and HELLO floods, and malformed
# messages all answered while the broker keeps serving everyone else.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

probe () { "$VC_BIN/vc-sec-probe" "$@"; }

# (requests may wait 20 s: the queue below holds three of 1.5 s each)
start_broker --services=echo,slow,wide --client-rate=50 --client-inflight=4 \
             --queue-max=2 --clients-max=6 --operator-key-file="$OPERATOR_KEY" --request-timeout=20000
grep -q "plain, unencrypted" "$TEST_TMP/broker.log" \
    && pass "a broker without a certificate says it is plain, unencrypted" \
    || fail "broker start line does not label the plain mode"
start_service slow slow "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=slow --capacity=1
start_service wide wide "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=wide --capacity=10

# Sizes: a frame over 256 KiB (the largest body) cuts the connection
check "a 2 MiB frame cuts that connection" 0 "^cut" probe oversize "$FRONTEND" 2097152
check "a 1 MiB + 1 frame cuts that connection" 0 "^cut" probe oversize "$FRONTEND" 1048577
check "the broker keeps serving after a cut" 0 "pong" cli ping
check "a 300 KiB body cuts that connection" 0 "^cut" probe oversize "$FRONTEND" 307200
check "a body just over 256 KiB cuts that connection" 0 "^cut" probe oversize "$FRONTEND" 262145
check "a body just under 256 KiB is served" 0 "^reply 200" probe body "$FRONTEND" 260000

# Rate limit: 50 requests/s with a bucket of 50; a burst of 200 is cut down
out=$(probe burst "$FRONTEND" 200 broker ping)
ok=$(grep -oE '(^| )200=[0-9]+' <<< "$out" | cut -d= -f2)
slow=$(grep -oE '(^| )429=[0-9]+' <<< "$out" | cut -d= -f2)
if [ "${slow:-0}" -gt 0 ] && [ "${ok:-0}" -ge 45 ] && grep -q "slow down" <<< "$out"; then
    pass "a burst over the rate limit gets 429 slow down (${ok} served, ${slow} refused)"
else
    fail "rate limit: $out"
fi
sleep 1.2
check "the client is served again once the bucket refills" 0 "pong" cli ping

# In flight: at most 4 per client. Each request is held 2 s, far longer
# than sending the burst takes even on a busy machine: none ends before
# the last is sent.
check "requests beyond 4 in flight are refused" 0 "^200=4 429=2 .*in flight" \
      probe burst "$FRONTEND" 6 wide sleep ms=2000

# Bounded queue: capacity 1 and a queue of 2; the rest are told 'busy'
# (each held 1.5 s, for the same reason)
check "a full service queue answers busy" 0 "^200=3 429=1 .*is busy" \
      probe burst "$FRONTEND" 4 slow sleep ms=1500

# Clients: at most 6 at once, the others are told why. The probes whose
# connection was cut are still counted until their heartbeats time out.
wait_for 10 bash -c "! \"$VC_BIN/vc-cli\" --operator-key-file=\"$OPERATOR_KEY\" clients | grep -q probe" \
    || fail "cut probe clients were never dropped"
check "clients beyond --clients-max are refused with a reason" 0 \
      "connected=6 refused=2.*too many clients" probe clients "$FRONTEND" 8
check "after they leave, clients are accepted again" 0 "pong" cli ping

# HELLO and BYE in a loop on one connection: one client.connect, then the
# finished connection is told to open a new one (no event flood); a flood
# of HELLOs on one connection is answered only as far as the rate allows
spawn watch "$VC_BIN/vc-cli" watch client.connect
wait_for 5 grep -q "watching events" "$TEST_TMP/watch.log"
# Its subscription reaches the broker a while after: ping until the watch
# shows a ping's client.connect (then it hears every later event)
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" ping > /dev/null 2>&1; grep -q client.connect '$TEST_TMP/watch.log'" \
    || fail "the watch never showed a client.connect"
seen=$(grep -c "client.connect" "$TEST_TMP/watch.log")
check "HELLO after BYE on the same connection is refused" 0 "^welcomed=1 refused=19 .*said goodbye" \
      probe hellobye "$FRONTEND" 20
# Wait for the loop's connect event, then for a ping of our own to be seen
# after it: every event of the loop has been published by then.
wait_for 10 grep -q "probe client connected" "$TEST_TMP/watch.log" || fail "no client.connect for the loop"
cli ping > /dev/null
wait_for 10 bash -c "[ \$(grep -c 'client.connect' '$TEST_TMP/watch.log') -ge $(( seen + 2 )) ]" \
    || fail "our own ping's client.connect never came"
connects=$(grep -c "probe client connected" "$TEST_TMP/watch.log")
[ "$connects" -eq 1 ] && pass "a HELLO/BYE loop makes one client.connect event" \
                      || fail "a HELLO/BYE loop made $connects client.connect events"
# The bucket holds 50 tokens and refills 50 per second: at most
# 50 + 50 * elapsed seconds (+1 for rounding) HELLOs can be answered.
started=$(now_ms)
out=$(probe helloflood "$FRONTEND" 1000)
elapsed=$(( $(now_ms) - started ))
allowed=$(( 50 + 50 * elapsed / 1000 + 1 ))
welcomed=$(sed -n 's/^welcomed=\([0-9]*\).*/\1/p' <<< "$out")
[ "${welcomed:-0}" -ge 1 ] && [ "${welcomed:-0}" -le "$allowed" ] \
    && pass "1000 HELLOs at once: $welcomed answered in $elapsed ms (at most $allowed at 50/s)" \
    || fail "HELLO flood: $out (at most $allowed allowed in $elapsed ms)"
check "the broker serves on after the HELLO tricks" 0 "pong" cli ping

# Malformed input of every kind gets a 4xx answer, and the broker lives on
check "malformed messages are all answered" 0 "answered=14 sent=14 alive=yes" \
      probe garbage "$FRONTEND"
kill -0 "$BROKER_PID" 2>/dev/null && pass "the broker is still running" \
                                  || fail "the broker died"
check "other clients are still served" 0 "still here" cli call wide echo "text=still here"

finish
