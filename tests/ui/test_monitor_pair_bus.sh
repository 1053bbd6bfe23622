# test_monitor_pair_bus - the monitor given the two servers of a pair of
# brokers and no event bus: it takes both buses from the broker's ping
# (its own and its peer's), so after kill -9 of the primary it shows the
# failover as a separator row and, after it, the events of the backup's run.
source "$(dirname "$0")/lib_ui.sh"
source "$VC_SOURCE/tests/integration/pair_lib.sh"
unset VC_EVENTS

start_xvfb
start_pair
EVENTS_FILE=$TEST_TMP/events.tsv
cat > "$TEST_TMP/monitor.script" <<EOF
timeout 30
wait-text broker-status ^The broker answers
wait-text events-address tcp://127\\.0\\.0\\.1:$P_OUT,tcp://127\\.0\\.0\\.1:$B_OUT\$
run touch $TEST_TMP/monitor-ready
wait-file $TEST_TMP/pinged
wait-text events \\tclient\\.connect\$
run touch $TEST_TMP/seen-primary
timeout 60
wait-text events — failover —
wait-text events — failover —[^\\n]*\\n(.*\\n)*[0-9]+\\t.*\\tclient\\.connect\$
dump events $EVENTS_FILE
quit
EOF
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --server="$SERVERS" --poll=500
MONITOR_PID=$LAST_UI_PID

if wait_for 40 test -f "$TEST_TMP/monitor-ready"; then
    pass "the monitor hears both buses as the broker names them"
    sleep 1                 # Its subscriptions reach both brokers
    cli ping > /dev/null
    touch "$TEST_TMP/pinged"
    wait_for 30 test -f "$TEST_TMP/seen-primary" && pass "the primary's events are shown"
    kill -9 "$PRIMARY_PID"
    wait_for 20 cli ping > /dev/null
    wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
        && pass "the backup took over after kill -9 of the primary" \
        || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
    cli ping > /dev/null
else
    fail "the monitor did not take both buses: $(grep -i "event" "$TEST_TMP/monitor.log" | tail -3)"
    touch "$TEST_TMP/pinged"
fi
wait_ui monitor "$MONITOR_PID"
echo "--- events shown by the monitor"
cat "$EVENTS_FILE" 2> /dev/null
awk -F'\t' 'found && $NF == "client.connect" { ok = 1 } $5 == "— failover —" { found = 1 } END { exit !ok }' \
    "$EVENTS_FILE" 2> /dev/null && pass "the backup's run's events follow the failover separator" \
    || fail "no event of the backup's run after the separator"
finish
