# test_gtk_failover - the desktop client and the monitor given both
# addresses of a pair of brokers (the connect page takes the list), through
# a failover: kill -9 of the active broker while the client is signed in.
# The client stays signed in (its header says so, with the backup's
# address, and a toast tells of the move) and its next lookup answers; the monitor shows the failover
# as a separator row and, after it, every event of the new active broker's
# run (no gap in its numbers, up to the events the client caused).
source "$(dirname "$0")/lib_ui.sh"
source "$VC_SOURCE/tests/integration/pair_lib.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
# The operator's monitor: the history it catches up from needs the key
start_pair --services=auth,data,scraper --operator-key-file="$OPERATOR_KEY"
spawn backup-events "$VC_BIN/vc-cli" --events="tcp://127.0.0.1:$B_OUT" watch
setup_user erin
EVENTS_FILE=$TEST_TMP/events.tsv

# The monitor, given both brokers
cat > "$TEST_TMP/monitor.script" <<EOF
timeout 30
wait-text broker-status ^The broker answers
wait-text events \\terin\\t[^\\t]*\\t[^\\t]*\\t[^\\t]*\\tauth\\.login\$
run touch $TEST_TMP/monitor-ready
timeout 60
wait-text events — failover —
wait-file $TEST_TMP/client-done
wait-text events — failover —[^\\n]*\\n(.*\\n)*[0-9]+\\t[^\\t]*\\t[^\\t]*\\terin\\t[^\\n]*\\tdata\\.lookup\$
dump events $EVENTS_FILE
screenshot monitor-failover.png
quit
EOF
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --server="$SERVERS" --events="$EVENTS_OUTS" --poll=500 \
    --operator-key-file="$OPERATOR_KEY"
MONITOR_PID=$LAST_UI_PID

# The client, given both brokers on its connect page
cat > "$TEST_TMP/client.script" <<EOF
timeout 30
$(connect_steps "$SERVERS")
$(signin_steps erin)
set lookup-province HCM
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-result ^1\\.270$
wait-file $TEST_TMP/monitor-ready
run touch $TEST_TMP/signed-in
wait-file $TEST_TMP/failed-over
set lookup-province Hà Nội
set lookup-date 15-12-2021
click lookup-button
timeout 60
wait-text lookup-caption Hà Nội on 15-12-2021
wait-text lookup-result ^1\\.024$
wait-page lookup
wait-text header-subtitle ^tcp://127\\.0\\.0\\.1:$B_FRONT · signed in as erin$
wait-text toasts ^The other server, tcp://127\\.0\\.0\\.1:$B_FRONT, took over\\.$
screenshot gtk-failover.png
run touch $TEST_TMP/client-done
quit
EOF
spawn_ui client vc-gtk "$TEST_TMP/client.script"
CLIENT_PID=$LAST_UI_PID

if wait_for 90 test -f "$TEST_TMP/signed-in"; then
    pass "the client signed in through the primary; the monitor sees it"
    kill_primary 15
else
    fail "the client did not sign in"
fi
touch "$TEST_TMP/failed-over"
wait_ui client "$CLIENT_PID"
wait_ui monitor "$MONITOR_PID"
grep -q "auth.login .*user=erin .*session resumed" "$TEST_TMP/backup-events.log" \
    && pass "erin's session was resumed on the backup, not signed in again" \
    || fail "no resumed session for erin: $(grep erin "$TEST_TMP/backup-events.log" | tail -3)"

# The monitor's table: the separator, then the new run with no gap
echo "--- events shown by the monitor"
cat "$EVENTS_FILE"
awk -F'\t' 'found && $1 != "" { print $1 } $5 == "— failover —" { found = 1 }' "$EVENTS_FILE" \
    > "$TEST_TMP/after.txt"
[ "$(grep -c $'\t— failover —\t' "$EVENTS_FILE")" -eq 1 ] \
    && pass "one failover separator row" || fail "failover separators: $(grep -c 'failover' "$EVENTS_FILE")"
first=$(head -1 "$TEST_TMP/after.txt"); count=$(wc -l < "$TEST_TMP/after.txt")
last=$(tail -1 "$TEST_TMP/after.txt")
[ "$first" = 1 ] && [ "$count" -gt 3 ] && [ "$last" = "$count" ] \
    && pass "after it, the new run's events $first to $last, none missing" \
    || fail "the new run's events: $(tr '\n' ' ' < "$TEST_TMP/after.txt")"
failover_seq=$(awk '$3 == "broker.failover" { print $1; exit }' "$TEST_TMP/watch-backup.log")
grep -qx "${failover_seq:-none}" "$TEST_TMP/after.txt" \
    && pass "the backup's broker.failover (event $failover_seq) is in the table" \
    || fail "broker.failover (event ${failover_seq:-none}) not shown"
awk -F'\t' 'found && $4 == "erin" && $8 == "data.lookup" { ok = 1 } $5 == "— failover —" { found = 1 } END { exit !ok }' \
    "$EVENTS_FILE" && pass "the lookup after the failover is shown in the new run" \
    || fail "no lookup by erin after the separator"
finish
