# test_gtk_follow - "Notify me of new figures" in the desktop client: a
# signed-in user looks up Hồ Chí Minh and turns it on; a scrape adds a day
# for the province; the client says so in a toast and shows the new day in
# the chart without being asked. Screenshot: follow.png.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"
[ -x "$VC_BIN/vc-test-datafeed" ] || skip_all "vc-test-datafeed not built"

start_xvfb
start_ui_broker --services=auth,data
follow_setup minh "$FRONTEND" 20
cat >> "$TEST_TMP/follow.script" <<EOF2
wait-text toasts ^New figures for Hồ Chí Minh$
wait-text lookup-chart last=22-01-2022
screenshot follow.png
quit
EOF2
# Without VC_EVENTS the client asks the broker where its events are
unset VC_EVENTS
spawn_ui follow vc-gtk "$TEST_TMP/follow.script"
UI_PID=$LAST_UI_PID

# Once the client follows the province, a scrape adds 22-01-2022
wait_for 20 grep -q "following Hồ Chí Minh (data.province.79" "$TEST_TMP/follow.log" \
    && pass "the client subscribes to data.province.79" \
    || fail "the client did not subscribe: $(tail -n 5 "$TEST_TMP/follow.log")"
sleep 0.5
"$VC_BIN/vc-test-datafeed" --db="$TEST_TMP/cases.db" daily 79 2022-01-22 4321 \
    > "$TEST_TMP/feed.log" 2>&1 || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
"$VC_BIN/vc-test-datafeed" --db="$TEST_TMP/cases.db" publish \
    >> "$TEST_TMP/feed.log" 2>&1 || fail "publish: $(cat "$TEST_TMP/feed.log")"
wait_ui follow "$UI_PID"
grep -q "data.province.79: Hồ Chí Minh: figures changed; latest 22-01-2022: 4.321 new cases" \
    "$TEST_TMP/follow.log" && pass "the event names the new figure" \
    || fail "no event in the client's log: $(grep -m3 data.province "$TEST_TMP/follow.log")"
finish
