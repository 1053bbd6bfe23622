# test_monitor_no_events - the monitor's status pages in place of an empty
# table: "No events yet" while nothing happened that it could show (a
# broker that keeps no history, --history=0, and a bus where nothing is
# published), and "No events" with the reason when the event bus address
# cannot be listened to, in English and in Vietnamese (LANGUAGE=vi);
# screenshots of each.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
start_ui_broker --history=0
QUIET_BUS=tcp://127.0.0.1:$(free_port)

# pages_round LANG: the two pages of a monitor in language LANG
pages_round () {
    local lang=$1
    cat > "$TEST_TMP/empty-$lang.script" <<EOF
timeout 15
wait-text broker-status .
wait-text events-state ^empty$
wait-visible events-empty
sleep 1000
wait-text events-state ^empty$
screenshot monitor-no-events-$lang.png
quit
EOF
    LANGUAGE=$lang run_ui "empty-$lang" vc-monitor "$TEST_TMP/empty-$lang.script" --events="$QUIET_BUS"
    cat > "$TEST_TMP/failed-$lang.script" <<EOF
timeout 15
wait-text events-state ^failed$
wait-visible events-failed
screenshot monitor-bus-failed-$lang.png
quit
EOF
    LANGUAGE=$lang run_ui "failed-$lang" vc-monitor "$TEST_TMP/failed-$lang.script" --events="not an address"
    grep -q "cannot subscribe to events at not an address" "$TEST_TMP/failed-$lang.log" \
        && pass "$lang: the monitor logs why it has no events" || fail "$lang: no log line for the bus"
}
pages_round en
pages_round vi
finish
