# test_monitor - drives the server monitor (vc-monitor) under Xvfb while a
# desktop client (vc-gtk) signs up, signs in, looks up, signs out, signs in
# again and exits: the monitor must show every event in the order it
# happened (sign-out before the next sign-in), the client's address and
# username, the services with their instances, and filter by action or
# username. Then the Stop button: disabled without the operator key,
# refused with a wrong key, and with the right key it stops the system.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
echo "operator-key-for-tests-$$" > "$TEST_TMP/operator.key"
echo "not-the-operator-key" > "$TEST_TMP/wrong.key"
start_ui_broker --services=auth,data,scraper --operator-key-file="$TEST_TMP/operator.key"
SERVICES=no
if have_services; then
    start_auth
    start_data
    SERVICES=yes
else
    echo "SKIPPED (part) - vc-auth-svc or vc-data-svc not built: the client only connects and exits"
fi
GO_CLIENT=$TEST_TMP/go-client
GO_STOP=$TEST_TMP/go-stop
EVENTS_FILE=$TEST_TMP/events.tsv

# The monitor that watches everything, then stops the system
{
    echo "timeout 20"
    echo "wait-text server-address ^$FRONTEND$"
    echo "wait-text events-address $EVENTS_OUT"
    echo "wait-text broker-status ^The broker answers"
    if [ $SERVICES = yes ]; then
        echo "wait-text services ^auth 1 up"
        echo "wait-text services ^data 1 up"
    else
        echo "wait-text services ^auth 0 down"
    fi
    echo "wait-text services ^scraper 0 down"
    echo "wait-text clients-count ^Connected clients: [1-9]"
    echo "expect-sensitive monitor-stop"
    echo "wait-hidden monitor-stop-confirm"
    echo "run touch $GO_CLIENT"
    echo "timeout 60"
    if [ $SERVICES = yes ]; then
        echo "wait-text clients ^desktop app 127\\.0\\.0\\.1 carol "
        echo "screenshot monitor-signed-in.png"
        echo "wait-text events \\tcarol\\t[^\\t]*\\t[^\\t]*\\t[^\\t]*\\tclient\\.bye\$"
    else
        echo "wait-text events \\t127\\.0\\.0\\.1\\t[^\\t]*\\tclient\\.bye\$"
    fi
    echo "timeout 10"
    echo "dump events $EVENTS_FILE"
    echo "screenshot monitor-events.png"
    echo "set monitor-search auth.log"
    echo "wait-text events-count ^[0-9]+ of [0-9]+ events$"
    echo "dump events $TEST_TMP/filtered-action.tsv"
    echo "set monitor-search CAROL"
    echo "wait-text events ^seq\\ttime[^\\n]*\\n[0-9]+\\t[^\\t]*\\t[^\\t]*\\tcarol\\t"
    echo "dump events $TEST_TMP/filtered-user.tsv"
    echo "screenshot monitor-filtered.png"
    echo "set monitor-search"
    echo "wait-text events-count ^[0-9]+ events$"
    echo "wait-file $GO_STOP"
    echo "click monitor-stop"
    echo "wait-visible monitor-stop-confirm"
    echo "screenshot monitor-confirm.png"
    echo "click monitor-stop-cancel"
    echo "wait-hidden monitor-stop-confirm"
    echo "wait-text broker-status ^The broker answers"
    echo "click monitor-stop"
    echo "click monitor-stop-confirm"
    echo "wait-text stop-status shutting down"
    echo "wait-text events \\tbroker\\.shutdown\$"
    echo "wait-text broker-status ^The broker does not answer"
    echo "wait-text services ^auth 1 unknown"
    echo "expect-insensitive monitor-stop"
    echo "screenshot monitor-stopped.png"
    echo "quit"
} > "$TEST_TMP/monitor.script"
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --poll=500 \
    --operator-key-file="$TEST_TMP/operator.key"
MONITOR_PID=$LAST_UI_PID
wait_for 30 test -f "$GO_CLIENT" || fail "the monitor did not get ready"

# The client whose actions the monitor shows
if [ $SERVICES = yes ]; then
    cat > "$TEST_TMP/client.script" <<EOF
timeout 15
set connect-address $FRONTEND
click connect-button
wait-page signin
click signin-signup
wait-page signup
set signup-username carol
set signup-password carol-password
set signup-confirm carol-password
click signup-button
wait-page signin
$(signin_steps carol carol-password)
sleep 1500
set lookup-province HCM
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-result ^1\.270$
click lookup-signout
wait-page signin
$(signin_steps carol carol-password)
set lookup-province Hà Nội
set lookup-date
click lookup-button
wait-text lookup-caption Hà Nội
sleep 1500
quit
EOF
else
    printf 'set connect-address %s\nclick connect-button\nwait-page signin\nquit\n' "$FRONTEND" \
        > "$TEST_TMP/client.script"
fi
run_ui client vc-gtk "$TEST_TMP/client.script"

# A monitor without the operator key: Stop is disabled and says why
cat > "$TEST_TMP/nokey.script" <<EOF
wait-text broker-status ^The broker answers
expect-insensitive monitor-stop
expect-tooltip monitor-stop operator-key-file
screenshot monitor-no-key.png
quit
EOF
run_ui monitor-no-key vc-monitor "$TEST_TMP/nokey.script"

# A monitor with a wrong key: the broker refuses, the reason is shown
cat > "$TEST_TMP/wrongkey.script" <<EOF
wait-text broker-status ^The broker answers
click monitor-stop
click monitor-stop-confirm
wait-text stop-status ^Stop refused: wrong operator key
expect-sensitive monitor-stop
quit
EOF
run_ui monitor-wrong-key vc-monitor "$TEST_TMP/wrongkey.script" --operator-key-file="$TEST_TMP/wrong.key"
kill -0 "$BROKER_PID" 2>/dev/null && pass "a wrong key does not stop the broker" \
                                  || fail "the broker stopped on a wrong key"

touch "$GO_STOP"
wait_ui monitor "$MONITOR_PID"
wait_for 10 bash -c "! kill -0 $BROKER_PID 2>/dev/null" && pass "Stop stopped the broker" \
                                                        || fail "the broker still runs after Stop"
if [ $SERVICES = yes ]; then
    wait_for 10 bash -c "! kill -0 $AUTH_PID 2>/dev/null && ! kill -0 $DATA_PID 2>/dev/null" \
        && pass "Stop stopped the services" || fail "services still run after Stop"
fi

# What the table showed: actions in words, each with its topic
awk -F'\t' 'NR > 1 && $8 != "" && ($5 == $8 || $5 ~ /^[a-z]+\.[a-z_.]+$/) { bad = 1 } END { exit bad }' "$EVENTS_FILE" \
    && pass "the Action column says each event in words, not as its topic" \
    || fail "topics in the Action column: $(awk -F'\t' 'NR > 1 && $5 == $8' "$EVENTS_FILE" | head -3)"
grep -qP '\tcarol\tsign-in\t.*\tauth\.login$' "$EVENTS_FILE" \
    && pass "a sign-in reads 'sign-in'" || fail "no 'sign-in' row for carol"
echo "--- events shown by the monitor"
cat "$EVENTS_FILE"
check_seq_order "events are shown in sequence order" "$EVENTS_FILE"
grep -qP '\tconnected\t127\.0\.0\.1\tdesktop app connected\tclient\.connect$' "$EVENTS_FILE" \
    && pass "the new client is shown with its address" || fail "no client.connect with an address"
if [ $SERVICES = yes ]; then
    CLIENT_ID=$(awk -F'\t' '$4 == "carol" && $8 == "auth.login" { print $3; exit }' "$EVENTS_FILE")
    ACTIONS=$(awk -F'\t' -v id="$CLIENT_ID" '$3 == id && $8 != "data.lookup" { print $8 }' "$EVENTS_FILE" | tr '\n' ' ')
    # (auth.logout "client exited" may follow the bye)
    [[ "$ACTIONS" == "client.connect auth.register auth.login auth.logout auth.login client.bye "* ]] \
        && pass "the client's actions are in the order they happened: $ACTIONS" \
        || fail "client actions out of order or missing: $ACTIONS"
    grep -qP '\tcarol\tlookup\t.*1\.270.*\tdata\.lookup$' "$EVENTS_FILE" && pass "the lookup is shown with its result" \
                                                           || fail "no data.lookup row for carol"
    awk -F'\t' 'NR > 1 && $8 !~ /auth\.log/ && $4 !~ /auth\.log/ { bad = 1 } END { exit bad }' \
        "$TEST_TMP/filtered-action.tsv" && [ "$(wc -l < "$TEST_TMP/filtered-action.tsv")" -gt 3 ] \
        && pass "filter by action shows only matching rows" || fail "filter by action: $(cat "$TEST_TMP/filtered-action.tsv")"
    awk -F'\t' 'NR > 1 && tolower($4) != "carol" { bad = 1 } END { exit bad }' \
        "$TEST_TMP/filtered-user.tsv" && [ "$(wc -l < "$TEST_TMP/filtered-user.tsv")" -gt 5 ] \
        && pass "filter by username shows only that user's rows" || fail "filter by user: $(cat "$TEST_TMP/filtered-user.tsv")"
fi
finish
