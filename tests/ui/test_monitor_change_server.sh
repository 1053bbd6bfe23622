# test_monitor_change_server - the monitor's Change server, with real keys
# (xdotool through XTEST): the monitor watches a first broker; F10, S opens
# the Change server page with the focus in the address, which holds the
# broker followed now; Escape goes back, nothing changed. A dead address
# is explained under the field and nothing changes; the second broker's
# address (its event bus left empty: the broker names it) makes the
# monitor follow that broker: the address
# bar and the header name it, the services, the clients (gina's shell) and
# the events are its own (from its history, then live), and none of the
# first broker's rows stays. Then in Vietnamese (LANGUAGE=vi): the page's
# strings and a change of server, with screenshots of both languages.
source "$(dirname "$0")/lib_ui.sh"
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
# The second broker, changed to, with the services and gina
start_ui_broker --services=auth,data,scraper --operator-key-file="$OPERATOR_KEY"
start_auth
cli signup gina gina-password-1 > /dev/null || fail "cannot sign up gina"
# The first broker, watched at the start: no service, nobody signed in
take_ports FIRST FIRST_BACK FIRST_IN FIRST_OUT
spawn first "$VC_BIN/vc-broker" --frontend="tcp://127.0.0.1:$FIRST" --backend="tcp://127.0.0.1:$FIRST_BACK" \
    --events-in="tcp://127.0.0.1:$FIRST_IN" --events-out="tcp://127.0.0.1:$FIRST_OUT" \
    --services=auth,data,scraper --operator-key-file="$OPERATOR_KEY"
wait_for 10 cli --server="tcp://127.0.0.1:$FIRST" ping || fail "the first broker did not start"
DEAD=$(free_port)
open_shell gina 7
echo "signin gina gina-password-1" >&7
wait_for 10 grep -q "^signed in" "$TEST_TMP/gina.out" || fail "gina's shell did not sign in"
SECOND_RE="tcp://127\\.0\\.0\\.1:$FRONTEND_PORT"
EVENTS_FILE=$TEST_TMP/events.tsv
MONITOR="run xdotool search --name '^COVID-19 Server Monitor$' windowfocus --sync"

cat > "$TEST_TMP/monitor.script" <<EOF
timeout 30
wait-text server-address ^tcp://127\\.0\\.0\\.1:$FIRST\$
wait-text header-subtitle ^tcp://127\\.0\\.0\\.1:$FIRST\$
wait-text broker-status ^The broker answers
wait-text services ^auth 0 down
wait-text events \\tbroker\\.start\$
$MONITOR key F10
wait-visible main-menu-popover
run xdotool key s
wait-page connect
wait-focus server-entry
wait-text server-entry ^tcp://127\\.0\\.0\\.1:$FIRST\$
wait-text server-events ^\$
screenshot monitor-change-server.png
run xdotool key Escape
wait-page monitor
wait-text server-address ^tcp://127\\.0\\.0\\.1:$FIRST\$
$MONITOR key F10
wait-visible main-menu-popover
run xdotool key s
wait-page connect
wait-focus server-entry
run xdotool key ctrl+a type --delay 10 127.0.0.1:$DEAD
run xdotool key Return
wait-text server-entry-error ^No server answers at tcp://127\\.0\\.0\\.1:$DEAD\\.
expect-class server-entry error
wait-page connect
screenshot monitor-change-server-dead.png
run xdotool key ctrl+a type --delay 10 127.0.0.1:$FRONTEND_PORT
run xdotool key Return
wait-page monitor
wait-text server-address ^$SECOND_RE\$
wait-text header-subtitle ^$SECOND_RE\$
wait-text events-address ^events: tcp://127\\.0\\.0\\.1:$EVENTS_OUT_PORT\$
wait-text toasts ^Connected to $SECOND_RE\\.\$
wait-text broker-status ^The broker answers
wait-text services ^auth 1 up
wait-text clients ^command line 127\\.0\\.0\\.1 gina 
wait-text events \\tgina\\t[^\\t]*\\t[^\\t]*\\t[^\\t]*\\tauth\\.login\$
run touch $TEST_TMP/switched
wait-text events \\tgina\\t[^\\t]*\\t[^\\t]*\\t[^\\t]*\\tauth\\.logout\$
dump events $EVENTS_FILE
screenshot monitor-changed-server.png
quit
EOF
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --server="tcp://127.0.0.1:$FIRST" \
    --events="tcp://127.0.0.1:$FIRST_OUT" --operator-key-file="$OPERATOR_KEY" --poll=500
MONITOR_PID=$LAST_UI_PID
wait_for 60 test -f "$TEST_TMP/switched" \
    && pass "the monitor follows the second broker" || fail "the monitor did not change server"
# A live event of the second broker after the change, and one of the first
echo "signout" >&7
cli --server="tcp://127.0.0.1:$FIRST" ping > /dev/null
wait_ui monitor "$MONITOR_PID"

echo "--- events shown by the monitor after the change"
cat "$EVENTS_FILE"
[ "$(awk -F'\t' '$8 == "broker.start"' "$EVENTS_FILE" | wc -l)" -eq 1 ] \
    && pass "one broker.start: the second broker's, none of the first" \
    || fail "broker.start rows: $(awk -F'\t' '$8 == "broker.start"' "$EVENTS_FILE")"
grep -q -- '— restart —\|— failover —' "$EVENTS_FILE" \
    && fail "a separator row: the first broker's run stayed" || pass "no separator row"
check_seq_order "the second broker's events in order" "$EVENTS_FILE"
[ "$(awk -F'\t' 'NR == 2 { print $1 }' "$EVENTS_FILE")" = 1 ] \
    && pass "its events from its first one" || fail "first row: $(sed -n 2p "$EVENTS_FILE")"

# In Vietnamese, started with a pair's list typed without tcp:// (shown
# as both addresses): the page and a change, by its menu's action
cat > "$TEST_TMP/monitor-vi.script" <<EOF
timeout 30
wait-text broker-status ^Broker đang trả lời
wait-text server-address ^tcp://127\\.0\\.0\\.1:$FIRST,tcp://127\\.0\\.0\\.1:$DEAD\$
action app.change-server
wait-page connect
wait-text server-entry ^tcp://127\\.0\\.0\\.1:$FIRST,tcp://127\\.0\\.0\\.1:$DEAD\$
wait-text server-connect Kết nối\$
wait-text server-back Quay lại\$
screenshot monitor-change-server-vi.png
set server-entry 127.0.0.1:$DEAD
click server-connect
wait-text server-entry-error ^Không có máy chủ nào trả lời ở tcp://127\\.0\\.0\\.1:$DEAD\\.
set server-entry 127.0.0.1:$FRONTEND_PORT
click server-connect
wait-page monitor
wait-text toasts ^Đã kết nối tới $SECOND_RE\\.\$
wait-text server-address ^$SECOND_RE\$
wait-text services ^auth 1
screenshot monitor-changed-server-vi.png
quit
EOF
LANGUAGE=vi run_ui monitor-vi vc-monitor "$TEST_TMP/monitor-vi.script" --server="127.0.0.1:$FIRST,127.0.0.1:$DEAD" \
    --events="tcp://127.0.0.1:$FIRST_OUT" --poll=500
exec 7>&-
finish
