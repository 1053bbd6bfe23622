# test_gtk_about - the main menu of both programs with real keystrokes
# (xdotool through XTEST): F10 opens it; A opens the About window, which
# names the program, its version and its developer, and Escape closes it.
# In the desktop client, S (Change Server…) leaves the broker (it reports
# the client's bye), shows the connect page with the focus in the address,
# and a second broker typed there is connected to. The script channel
# checks each outcome; screenshots of both About windows and of the client
# connected to the second broker.
source "$(dirname "$0")/lib_ui.sh"
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data,scraper
setup_user fay
spawn watch "$VC_BIN/vc-cli" watch client.
# A second broker, to change to
take_ports SECOND SECOND_BACK SECOND_IN SECOND_OUT
spawn second "$VC_BIN/vc-broker" --frontend="tcp://127.0.0.1:$SECOND" --backend="tcp://127.0.0.1:$SECOND_BACK" \
    --events-in="tcp://127.0.0.1:$SECOND_IN" --events-out="tcp://127.0.0.1:$SECOND_OUT"
wait_for 10 cli --server="tcp://127.0.0.1:$SECOND" ping || fail "the second broker did not start"
spawn watch-second "$VC_BIN/vc-cli" --events="tcp://127.0.0.1:$SECOND_OUT" watch client.
# The version the About windows must show: the project's
VERSION=$(sed -n 's/^project(vcovid VERSION \([0-9.]*\).*/\1/p' "$VC_SOURCE/CMakeLists.txt")
[ -n "$VERSION" ] || fail "no project version in CMakeLists.txt"
CLIENT="run xdotool search --name '^COVID-19 Việt Nam$' windowfocus --sync"

cat > "$TEST_TMP/client.script" <<EOF
timeout 20
$(connect_steps "$FRONTEND")
$(signin_steps fay)
$CLIENT key F10
wait-visible main-menu-popover
run xdotool key a
wait-visible about
wait-hidden main-menu-popover
wait-text about ^COVID-19 Việt Nam ${VERSION//./\\.} The vcovid project$
screenshot-of about about-client.png
run xdotool search --sync --onlyvisible --name '^About' windowfocus --sync key Escape
wait-hidden about
wait-page lookup
wait-text header-subtitle signed in as fay$
$CLIENT key F10
wait-visible main-menu-popover
run xdotool key s
wait-page connect
wait-text header-subtitle ^not connected$
expect-focus connect-address
run touch $TEST_TMP/left
run xdotool key ctrl+a type --delay 20 127.0.0.1:$SECOND
run xdotool key Return
wait-page signin
wait-text header-subtitle ^connected to tcp://127\\.0\\.0\\.1:$SECOND$
screenshot change-server.png
quit
EOF
run_ui client vc-gtk "$TEST_TMP/client.script"
wait_for 10 grep -qE "client\.bye .*client exited|client\.bye " "$TEST_TMP/watch.log" \
    && pass "Change Server told the first broker the client left" \
    || fail "no client.bye on the first broker: $(cat "$TEST_TMP/watch.log")"
grep -q "client.lost" "$TEST_TMP/watch.log" && fail "the first broker lost the client instead: $(cat "$TEST_TMP/watch.log")"
wait_for 10 grep -q "client.connect .*desktop\|client.connect .*gui client connected" "$TEST_TMP/watch-second.log" \
    && pass "the client connected to the second broker" \
    || fail "no desktop client on the second broker: $(cat "$TEST_TMP/watch-second.log")"

cat > "$TEST_TMP/monitor.script" <<EOF
timeout 20
wait-text broker-status ^The broker answers
run xdotool search --name '^COVID-19 Server Monitor$' windowfocus --sync key F10
wait-visible main-menu-popover
run xdotool key a
wait-visible about
wait-text about ^COVID-19 Server Monitor ${VERSION//./\\.} The vcovid project$
screenshot-of about about-monitor.png
run xdotool search --sync --onlyvisible --name '^About' windowfocus --sync key Escape
wait-hidden about
wait-text broker-status ^The broker answers
quit
EOF
run_ui monitor vc-monitor "$TEST_TMP/monitor.script"
finish
