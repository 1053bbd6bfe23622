# test_gtk_follow_pair - "Notify me of new figures" in the desktop client
# given both servers of a pair of brokers and no event bus: the client
# takes both buses from the broker's ping (its own and its peer's). A
# scrape adds a day for the province: one toast, and the chart shows it.
# After kill -9 of the primary, with the services on the backup, another
# day arrives through the backup's bus: it is told, the client looks the
# province up again (which moves it to the backup: a second toast right
# after the first) and the chart shows it. Each new figure is told once:
# the data service publishes to both brokers, but only the active one's
# bus carries it (the client keeps no memory of what it told).
source "$(dirname "$0")/lib_ui.sh"
source "$VC_SOURCE/tests/integration/pair_lib.sh"
unset VC_EVENTS
have_services || skip_all "vc-auth-svc or vc-data-svc not built"
[ -x "$VC_BIN/vc-test-datafeed" ] || skip_all "vc-test-datafeed not built"

start_xvfb
start_pair --services=auth,data
spawn backup-events "$VC_BIN/vc-cli" --events="tcp://127.0.0.1:$B_OUT" watch
follow_setup minh "$SERVERS" 30
cat >> "$TEST_TMP/follow.script" <<EOF
wait-text toasts ^New figures for Hồ Chí Minh$
wait-text lookup-chart last=22-01-2022
run touch $TEST_TMP/first-seen
timeout 60
wait-text lookup-chart last=23-01-2022
sleep 1000
screenshot follow-pair.png
quit
EOF
spawn_ui follow vc-gtk "$TEST_TMP/follow.script"
UI_PID=$LAST_UI_PID

# day DATE COUNT: a scrape adds DATE for Hồ Chí Minh and says so
day () {
    "$VC_BIN/vc-test-datafeed" --db="$TEST_TMP/cases.db" daily 79 "$1" "$2" \
        >> "$TEST_TMP/feed.log" 2>&1 || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
    "$VC_BIN/vc-test-datafeed" --db="$TEST_TMP/cases.db" publish \
        >> "$TEST_TMP/feed.log" 2>&1 || fail "publish: $(cat "$TEST_TMP/feed.log")"
}

if wait_for 30 grep -q "following Hồ Chí Minh (data.province.79 at tcp://127.0.0.1:$P_OUT,tcp://127.0.0.1:$B_OUT)" \
    "$TEST_TMP/follow.log"; then
    pass "the client hears both buses as the broker names them"
    sleep 1                 # Its subscriptions reach both brokers
    day 2022-01-22 4321
    wait_for 30 test -f "$TEST_TMP/first-seen" && pass "the first new day is told and shown"
    # The backup's bus, heard raw (one bus, no filter): the passive backup
    # does not carry what the data service publishes
    sleep 0.5
    on_backup=$(grep -c " data.province.79 " "$TEST_TMP/backup-events.log")
    [ "$on_backup" -eq 0 ] && pass "the passive backup's bus carried no new-figure event" \
        || fail "the passive backup's bus carried $on_backup new-figure events"
    kill -9 "$PRIMARY_PID"
    wait_for 20 cli ping > /dev/null
    wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
        && pass "the backup took over after kill -9 of the primary" \
        || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
    wait_for 20 grep -q "service.ready .* data instance" "$TEST_TMP/backup-events.log" \
        && pass "the data service is on the backup" \
        || fail "the data service did not reach the backup: $(tail -3 "$TEST_TMP/backup-events.log")"
    day 2022-01-23 1234
else
    fail "the client does not follow both buses: $(grep -i "follow\|event" "$TEST_TMP/follow.log" | tail -3)"
fi
wait_ui follow "$UI_PID"
told=$(grep -c "data.province.79: Hồ Chí Minh: figures changed" "$TEST_TMP/follow.log")
[ "$told" -eq 2 ] && pass "each new figure is told once (2 events)" \
    || fail "$told events told: $(grep "data.province.79" "$TEST_TMP/follow.log")"
on_backup=$(grep -c " data.province.79 " "$TEST_TMP/backup-events.log")
[ "$on_backup" -eq 1 ] && pass "the backup's bus carried the second day's event once, after taking over" \
    || fail "the backup's bus carried $on_backup new-figure events: $(grep data.province "$TEST_TMP/backup-events.log")"
grep -q "data.province.79: .*latest 23-01-2022: 1.234 new cases" "$TEST_TMP/follow.log" \
    && pass "the backup's event names the new figure" \
    || fail "no event of the backup in the client's log: $(grep data.province "$TEST_TMP/follow.log" | tail -3)"
finish
