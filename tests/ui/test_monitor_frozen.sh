# test_monitor_frozen - the monitor tells the truth about a broker that
# stops answering without dying (SIGSTOP): the services' health reads
# "unknown" (not a green "up"), the panel says the broker does not answer,
# and Stop is disabled with the reason in its tooltip; after SIGCONT all
# comes back by itself. Then Stop: "shutting down" shows while the broker
# is gone, and is cleared (Stop usable again) as soon as a new broker
# answers at the same address, without restarting the monitor.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
start_ui_broker --services=auth,data,scraper --operator-key-file="$OPERATOR_KEY"

cat > "$TEST_TMP/monitor.script" <<EOF
timeout 20
wait-text broker-status ^The broker answers
wait-text services ^auth 0 down
expect-sensitive monitor-stop
run touch $TEST_TMP/ready
wait-file $TEST_TMP/frozen
timeout 30
wait-text broker-status ^The broker does not answer
wait-text services ^auth 0 unknown
expect-no-class service-auth-health success
expect-insensitive monitor-stop
expect-tooltip monitor-stop does not answer
screenshot monitor-frozen.png
run touch $TEST_TMP/seen-frozen
wait-file $TEST_TMP/thawed
wait-text broker-status ^The broker answers
wait-text services ^auth 0 down
expect-sensitive monitor-stop
click monitor-stop
click monitor-stop-confirm
wait-text stop-status ^Stop: the system is shutting down\\.\$
wait-text broker-status ^The broker does not answer
expect-insensitive monitor-stop
wait-text stop-status ^Stop: the system is shutting down\\.\$
run touch $TEST_TMP/stopped
wait-file $TEST_TMP/restarted
wait-text broker-status ^The broker answers
wait-text stop-status ^\$
expect-sensitive monitor-stop
screenshot monitor-after-restart.png
quit
EOF
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --poll=500 --operator-key-file="$OPERATOR_KEY"
MONITOR_PID=$LAST_UI_PID

wait_for 30 test -f "$TEST_TMP/ready" || fail "the monitor did not see the broker"
kill -STOP "$BROKER_PID"
touch "$TEST_TMP/frozen"
wait_for 40 test -f "$TEST_TMP/seen-frozen" \
    && pass "the frozen broker is shown as not answering" || fail "the monitor did not see the freeze"
kill -CONT "$BROKER_PID"
touch "$TEST_TMP/thawed"
wait_for 60 test -f "$TEST_TMP/stopped" || fail "the monitor did not stop the broker"
wait_for 10 bash -c "! kill -0 $BROKER_PID 2>/dev/null" && pass "Stop stopped the broker" \
                                                        || fail "the broker still runs after Stop"
# A new broker at the same address
spawn broker2 "$VC_BIN/vc-broker" --services=auth,data,scraper --operator-key-file="$OPERATOR_KEY"
wait_for 10 cli --timeout=500 ping && pass "a new broker answers at the same address" \
                                   || fail "the new broker: $(tail -3 "$TEST_TMP/broker2.log")"
touch "$TEST_TMP/restarted"
wait_ui monitor "$MONITOR_PID"
finish
