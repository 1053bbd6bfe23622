# test_gtk_keyboard - the desktop client driven by real keystrokes (xdotool
# through XTEST): on the lookup page "province, Tab, date, Enter" asks that
# day's new cases; Alt+P and Alt+D reach the province and the date, also
# while the sign-in page is still fading out (its "_Password" answers Alt+P
# too unless only the page on show takes keys) with a toast on screen; an
# error the server finds in the date leaves the focus in the date, so
# retyping it keeps the province; Tab goes Province, Date, the calendar
# button, Look up; an impossible date and an unknown province keep the
# focus in their field, mark it and clear the result and the chart;
# Ctrl+Q, and Ctrl+W in a second window, say bye and quit.
source "$(dirname "$0")/lib_ui.sh"
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data,scraper
setup_user dana
spawn watch "$VC_BIN/vc-cli" watch
KEYS="run xdotool search --name 'COVID-19' windowfocus --sync"

cat > "$TEST_TMP/keys.script" <<EOF
timeout 15
$(connect_steps "$FRONTEND")
$(signin_steps dana)
expect-focus lookup-province
screenshot keyboard-crossfade.png
$KEYS key Tab
wait-focus lookup-date
run xdotool key alt+p
wait-focus lookup-province
run xdotool key Tab
wait-focus lookup-date
run xdotool key alt+p
wait-focus lookup-province
run xdotool type --delay 30 'hcm'
run xdotool key Tab
wait-focus lookup-date
run xdotool type --delay 30 15-12-2021
run xdotool key Return
wait-text lookup-caption on 15-12-2021
wait-text lookup-result ^1\.270$
wait-text lookup-chart ^points=[1-9]
run xdotool key alt+p
wait-focus lookup-province
run xdotool key alt+d
wait-focus lookup-date
run xdotool key Tab
wait-focus lookup-date-pick
run xdotool key Tab
wait-focus lookup-button
run xdotool key alt+d
wait-focus lookup-date
run xdotool key ctrl+a type --delay 30 31-02-2021
run xdotool key Return
wait-text lookup-date-error ^31-02-2021 is not a real date
expect-focus lookup-date
expect-class lookup-date error
wait-text lookup-result ^$
wait-text lookup-chart ^points=0 message=Look up
run xdotool key ctrl+a type --delay 30 15-12-2021
run xdotool key Return
wait-text lookup-result ^1\.270$
wait-text lookup-chart ^points=[1-9]
run xdotool key alt+p
wait-focus lookup-province
run xdotool key ctrl+a type --delay 30 Atlantis
run xdotool key Return
wait-text lookup-province-error ^No province or city is called “Atlantis”
expect-focus lookup-province
expect-class lookup-province error
expect-no-class lookup-date error
wait-text lookup-result ^$
wait-text lookup-chart ^points=0 message=Look up
run xdotool key alt+d
wait-focus lookup-date
set lookup-province Hà Nội
set lookup-date 01-01-2019
run xdotool key Return
wait-text lookup-date-error ^No figures for 01-01-2019
expect-focus lookup-date
expect-class lookup-date error
wait-text lookup-result ^$
wait-text lookup-chart ^points=0 message=Look up
run xdotool key ctrl+a type --delay 30 15-12-2021
run xdotool key Return
wait-text lookup-caption Hà Nội on 15-12-2021
wait-text lookup-province ^Hà Nội$
expect-no-class lookup-date error
run touch $TEST_TMP/ready-to-quit
wait-file $TEST_TMP/never
EOF
# Page changes crossfade 15 times slower (3 s instead of 200 ms): the
# keys above reach the lookup page while the sign-in page still shows, as
# on a slow machine; two presses of Alt+P, since GTK takes turns between
# the widgets one mnemonic names
export GTK_SLOWDOWN=15
spawn_ui keys vc-gtk "$TEST_TMP/keys.script"
GTK_PID=$LAST_UI_PID
unset GTK_SLOWDOWN
if wait_for 60 test -f "$TEST_TMP/ready-to-quit"; then
    pass "keyboard flow on the lookup page"
    xdotool search --name 'COVID-19' windowfocus --sync key ctrl+q
    wait_for 5 bash -c "! kill -0 $GTK_PID 2>/dev/null" && pass "Ctrl+Q quits" || fail "Ctrl+Q did not quit"
    wait_for 5 grep -q "client.bye" "$TEST_TMP/watch.log" && pass "Ctrl+Q says bye to the broker" \
                                                          || fail "no client.bye after Ctrl+Q"
else
    fail "keyboard flow stopped"
fi
ui_results keys "$TEST_TMP/keys.out"

# Ctrl+W closes the window as Ctrl+Q does, saying bye
cat > "$TEST_TMP/close.script" <<EOF
timeout 15
$(connect_steps "$FRONTEND")
run touch $TEST_TMP/ready-to-close
wait-file $TEST_TMP/never
EOF
BYES=$(grep -c "client.bye" "$TEST_TMP/watch.log")
spawn_ui close vc-gtk "$TEST_TMP/close.script"
GTK_PID=$LAST_UI_PID
if wait_for 30 test -f "$TEST_TMP/ready-to-close"; then
    xdotool search --sync --onlyvisible --name 'COVID-19' windowfocus --sync key ctrl+w
    wait_for 5 bash -c "! kill -0 $GTK_PID 2>/dev/null" && pass "Ctrl+W closes the window" \
                                                        || fail "Ctrl+W did not close the window"
    wait_for 5 bash -c "[ \$(grep -c client.bye '$TEST_TMP/watch.log') -gt $BYES ]" \
        && pass "Ctrl+W says bye to the broker" || fail "no client.bye after Ctrl+W"
else
    fail "the client did not connect"
fi
ui_results close "$TEST_TMP/close.out"
finish
