# test_hostile_limits - attacks that used to grow the broker without bound
# or hold its connections forever, and the figures docs/security.md quotes
# (lines starting "# figure:"): clients that never read their replies are
# disconnected and their memory given back; a peer stalled in the middle
# of a frame is dropped by ZMTP heartbeats; a connection that never speaks
# is closed; one address holds at most --source-max connections; the broker
# raises its open file limit or says why it cannot; connections per GB.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

hostile () { "$VC_BIN/vc-hostile" "$@"; }
rss_kb () { awk '/^VmRSS/ {print $2}' "/proc/$BROKER_PID/status"; }

# Samples the broker's memory while a command runs: PEAK_KB, then AFTER_KB
# 2 s after it ends.
measure () {
    local out=$TEST_TMP/measure.out peak=0 pid kb
    "$@" > "$out" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        kb=$(rss_kb); [ "${kb:-0}" -gt "$peak" ] && peak=$kb
        sleep 0.2
    done
    wait "$pid"
    PEAK_KB=$peak; OUT=$(cat "$out")
    sleep 2
    AFTER_KB=$(rss_kb)
}

# AFTER_KB once the memory of closed connections is given back (at most 10 s)
settle () {
    local i
    for i in $(seq 50); do
        AFTER_KB=$(rss_kb)
        [ "$AFTER_KB" -lt $((BASE_KB + 30000)) ] && return
        sleep 0.2
    done
}

# 1,000 requests/s and 50 in flight per client: a client's reply queue
# holds 2,000 replies (the kernel's socket buffers hold some more)
start_broker --services=echo --source-max=40 --client-rate=1000 --client-inflight=50
start_service echo echo "$VC_BIN/vc-echo-svc" --backend="$BACKEND" --service=echo --capacity=100
BASE_KB=$(rss_kb)
echo "# figure: broker at rest: $((BASE_KB / 1024)) MB"

# 6 clients that send echo requests (4 KB replies) for 15 s and never read
measure hostile noread "$FRONTEND" 6 15 echo 4000
settle
echo "# figure: 6 non-reading clients for 15 s: broker peak $((PEAK_KB / 1024)) MB, after $((AFTER_KB / 1024)) MB ($OUT)"
grep -q "its replies are not being read" "$TEST_TMP/broker.log" \
    && pass "clients that do not read their replies are disconnected" \
    || fail "no client was disconnected for not reading"
[ "$PEAK_KB" -lt 400000 ] && pass "broker memory stays bounded under non-reading clients ($((PEAK_KB / 1024)) MB)" \
                          || fail "broker grew to $((PEAK_KB / 1024)) MB"
[ "$AFTER_KB" -lt $((BASE_KB + 30000)) ] && pass "their memory is given back ($((AFTER_KB / 1024)) MB)" \
                                         || fail "memory kept after they left: $((AFTER_KB / 1024)) MB"
check "others are served after the non-reading clients" 0 "hello" cli call echo echo text=hello

# 30 peers that stall in the middle of a 256 KiB frame (below --source-max)
measure hostile halfframe "$FRONTEND" 30 15000
settle
echo "# figure: 30 peers stalled mid-frame: broker peak $((PEAK_KB / 1024)) MB, after $((AFTER_KB / 1024)) MB ($OUT)"
drop_ms=$(sed -n 's/.*median_drop_ms=\([0-9-]*\).*/\1/p' <<< "$OUT")
grep -q "^open=30 dropped=30" <<< "$OUT" && [ "${drop_ms:-99999}" -le 8000 ] \
    && pass "stalled peers are dropped by the transport (median ${drop_ms} ms)" \
    || fail "stalled peers: $OUT"
[ "$AFTER_KB" -lt $((BASE_KB + 30000)) ] && pass "their buffers are given back ($((AFTER_KB / 1024)) MB)" \
                                         || fail "memory kept after stalled peers: $((AFTER_KB / 1024)) MB"

# Peers that handshake and never speak are closed
out=$(hostile silent "$FRONTEND" 10 15000)
echo "# figure: silent connections: $out"
grep -q "^open=10 dropped=10" <<< "$out" && pass "silent connections are closed" \
                                         || fail "silent connections: $out"

# One address: at most --source-max (40) connections at once
out=$(hostile sources "$FRONTEND" 60 1500)
kept=$(sed -n 's/^kept=\([0-9]*\).*/\1/p' <<< "$out")
[ "${kept:-99}" -le 40 ] && [ "${kept:-0}" -ge 30 ] \
    && pass "one address holds at most --source-max connections ($out)" \
    || fail "per-source cap: $out"
wait_for 5 grep -q "over --source-max 40" "$TEST_TMP/broker.log" && pass "the cap is logged" \
                                                     || fail "the source cap was not logged"
check "clients are served after the attacks" 0 "pong" cli ping
kill -0 "$BROKER_PID" && pass "the broker is still running" || fail "the broker died"

# Connections held per GB: 300 real clients at once (a broker without a
# per-source cap, since they all come from here)
pick_ports
start_broker --source-max=0
BASE_KB=$(rss_kb)
measure "$VC_BIN/vc-sec-probe" clients "$FRONTEND" 300
per_gb=$(( PEAK_KB > BASE_KB ? 300 * 1024 * 1024 / (PEAK_KB - BASE_KB) : 0 ))
echo "# figure: 300 connected clients: +$(( (PEAK_KB - BASE_KB) / 1024 )) MB, about $per_gb connections per GB"

# The open file limit: raised when the hard limit allows, a warning when not
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 2000 ]; then
    pick_ports
    ( ulimit -Sn 256; exec "$VC_BIN/vc-broker" --clients-max=1500 ) > "$TEST_TMP/raised.log" 2>&1 &
    TEST_PIDS+=($!)
    wait_for 5 cli --timeout=500 ping || fail "broker with a low soft limit did not start"
    grep -q "open file limit" "$TEST_TMP/raised.log" \
        && fail "soft limit not raised: $(cat "$TEST_TMP/raised.log")" \
        || pass "the broker raises a low soft file limit itself"
fi
pick_ports
( ulimit -n 512; exec "$VC_BIN/vc-broker" --clients-max=10000 ) > "$TEST_TMP/low.log" 2>&1 &
TEST_PIDS+=($!)
wait_for 5 grep -q "open file limit is 512" "$TEST_TMP/low.log" \
    && pass "a file limit below --clients-max is warned about" \
    || fail "no warning about the file limit: $(cat "$TEST_TMP/low.log")"
finish
