# test_monitor_one_event - the events counter of a monitor that shows a
# single event says "1 event" ("1 sự kiện" in Vietnamese), then "3 events"
# when a client's visit adds two; Ctrl+W closes the monitor's window (real
# keystrokes). The broker keeps one event for late monitors (--history=1):
# the monitor's own arrival, the only row it shows.
source "$(dirname "$0")/lib_ui.sh"
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"

start_xvfb
start_ui_broker --history=1

# one_round LANG ONE THREE: a monitor in language LANG shows ONE, then
# THREE after a ping, and is closed with Ctrl+W
one_round () {
    local lang=$1 one=$2 three=$3
    cat > "$TEST_TMP/one-$lang.script" <<EOF
timeout 15
wait-text events-count ^$one\$
sleep 500
wait-text events-count ^$one\$
run "$VC_BIN/vc-cli" ping > /dev/null
wait-text events-count ^$three\$
screenshot monitor-one-event-$lang.png
run touch $TEST_TMP/ready-$lang
wait-file $TEST_TMP/never
EOF
    LANGUAGE=$lang spawn_ui "one-$lang" vc-monitor "$TEST_TMP/one-$lang.script"
    local pid=$LAST_UI_PID
    if wait_for 30 test -f "$TEST_TMP/ready-$lang"; then
        xdotool search --sync --onlyvisible --name 'COVID-19' windowfocus --sync key ctrl+w
        wait_for 5 bash -c "! kill -0 $pid 2>/dev/null" && pass "$lang: Ctrl+W closes the monitor" \
                                                       || fail "$lang: Ctrl+W did not close the monitor"
    else
        fail "$lang: the monitor's counter did not read '$one', then '$three'"
    fi
    kill "$pid" 2>/dev/null
    ui_results "one-$lang" "$TEST_TMP/one-$lang.out"
}
one_round en "1 event" "3 events"
one_round vi "1 sự kiện" "3 sự kiện"
finish
