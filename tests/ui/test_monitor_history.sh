# test_monitor_history - a monitor started late shows the events that
# happened before it, in order and without a gap (from the broker's
# history), then the live ones without duplicates; while the broker is
# dead the services read "unknown" and Stop is disabled; a restarted broker
# opens its run with a separator row, and Stop works again.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
echo "operator-key-for-tests-$$" > "$TEST_TMP/operator.key"
start_ui_broker --services=auth,data,scraper --operator-key-file="$TEST_TMP/operator.key"
for i in 1 2 3 4 5 6; do cli ping > /dev/null; done     # 12 events before the monitor
BEFORE=$(cli call broker history key="$(cat "$TEST_TMP/operator.key")" | grep -oE '"seq"=>[0-9]+, "first"' | grep -oE '[0-9]+')

# Ctrl+F reaches the filter (real keystrokes)
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"
FIND_KEYS="run xdotool search --name 'COVID-19' windowfocus --sync key ctrl+f
wait-focus monitor-search"
cat > "$TEST_TMP/monitor.script" <<EOF
timeout 20
wait-text broker-status ^The broker answers
expect-sensitive monitor-stop
wait-text events ^seq[^\n]*\n1\t[^\n]*\tbroker\.start$
wait-text events \n$BEFORE\t
run "$VC_BIN/vc-cli" ping > /dev/null
wait-text events \n$((BEFORE + 2))\t
dump events $TEST_TMP/late.tsv
$FIND_KEYS
screenshot monitor-late.png
run kill -9 $BROKER_PID
wait-text broker-status does not answer
wait-text services ^auth 0 unknown
expect-insensitive monitor-stop
screenshot monitor-broker-gone.png
run "$VC_BIN/vc-broker" --services=auth,data,scraper --operator-key-file="$TEST_TMP/operator.key" >> "$TEST_TMP/broker2.log" 2>&1 & echo \$! > "$TEST_TMP/broker2.pid"
wait-text broker-status ^The broker answers
wait-text services ^auth 0 down
expect-sensitive monitor-stop
wait-text events broker restarted[^\n]*\n1\t[^\n]*\tbroker\.start$
dump events $TEST_TMP/restart.tsv
screenshot monitor-restarted.png
quit
EOF
run_ui monitor-late vc-monitor "$TEST_TMP/monitor.script" --poll=300 \
    --operator-key-file="$TEST_TMP/operator.key"
[ -s "$TEST_TMP/broker2.pid" ] && TEST_PIDS+=("$(cat "$TEST_TMP/broker2.pid")")

echo "--- events shown by the late monitor"
cat "$TEST_TMP/late.tsv"
SEQS=$(awk -F'\t' 'NR > 1 { print $1 }' "$TEST_TMP/late.tsv" | tr '\n' ' ')
[ "$SEQS" = "$(seq -s ' ' 1 $((BEFORE + 2))) " ] \
    && pass "the late monitor shows every event from 1 to $((BEFORE + 2)) once, in order" \
    || fail "events shown: $SEQS (want 1 to $((BEFORE + 2)))"
[ "$(awk -F'\t' 'NR == 2 { print $8 }' "$TEST_TMP/late.tsv")" = broker.start ] \
    && pass "the first row is the broker's start" || fail "first row: $(sed -n 2p "$TEST_TMP/late.tsv")"
echo "--- after the restart"
tail -n 6 "$TEST_TMP/restart.tsv"
ROWS=$(grep -c "broker restarted" "$TEST_TMP/restart.tsv")
[ "$ROWS" -eq 1 ] && pass "one separator row marks the restart" || fail "$ROWS separator rows"
[ "$(awk -F'\t' '/broker restarted/ { getline; print $1; exit }' "$TEST_TMP/restart.tsv")" = 1 ] \
    && pass "the new run follows the separator from 1" || fail "new run not after the separator"
finish
