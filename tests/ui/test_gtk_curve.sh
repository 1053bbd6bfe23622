# test_gtk_curve - the desktop client and the monitor over an encrypted
# (CURVE) link: with the broker's public key file they connect; without it
# the client says "cannot connect"; an unreadable key file is refused at
# start.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
"$VC_BIN/vc-keygen" --out="$TEST_TMP/broker.cert" > /dev/null || fail "vc-keygen failed"
export VC_SERVER_KEY_FILE=$TEST_TMP/broker.cert
start_ui_broker --services=auth,data --curve-cert="$TEST_TMP/broker.cert_secret"
unset VC_SERVER_KEY_FILE

check "an unreadable key file is refused" 2 "cannot read the broker's public key" \
      "$VC_BIN/vc-gtk" --server-key-file="$TEST_TMP/no-such-file"
check "the monitor refuses it too" 2 "cannot read the broker's public key" \
      "$VC_BIN/vc-monitor" --server-key-file="$TEST_TMP/no-such-file"

cat > "$TEST_TMP/nokey.script" <<EOF
set connect-address $FRONTEND
click connect-button
wait-text connect-address-error ^No server answers at $FRONTEND
quit
EOF
run_ui gtk-without-key vc-gtk "$TEST_TMP/nokey.script"

cat > "$TEST_TMP/key.script" <<EOF
set connect-address $FRONTEND
click connect-button
wait-page signin
wait-text toasts ^Connected to
screenshot signin-curve.png
click signin-exit
EOF
run_ui gtk-with-key vc-gtk "$TEST_TMP/key.script" --server-key-file="$TEST_TMP/broker.cert"

cat > "$TEST_TMP/monitor.script" <<EOF
wait-text broker-status ^The broker answers
wait-text services ^auth 0 down
wait-text events \tconnected\t127\.0\.0\.1\tmonitor connected\tclient\.connect$
quit
EOF
run_ui monitor-with-key vc-monitor "$TEST_TMP/monitor.script" --server-key-file="$TEST_TMP/broker.cert"
finish
