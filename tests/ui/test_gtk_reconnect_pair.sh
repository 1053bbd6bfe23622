# test_gtk_reconnect_pair - Reconnect after the loss of both brokers of a
# pair tries every address typed on the connect page, not only the broker
# used last. The client connects with both addresses (the primary
# welcomes it), follows a kill -9 of the primary to the backup, then the
# backup is killed too and the next lookup offers Reconnect. Only the
# primary (the broker NOT used last) comes back: Reconnect connects to it
# (the header names it, the toast says so) and signing in works there.
# Then the backup comes back and the primary is killed again: the client
# moves to the backup by itself (Reconnect's connection has both too).
source "$(dirname "$0")/lib_ui.sh"
source "$VC_SOURCE/tests/integration/pair_lib.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_pair --services=auth,data,scraper
setup_user erin
P_RE="tcp://127\\.0\\.0\\.1:$P_FRONT"
B_RE="tcp://127\\.0\\.0\\.1:$B_FRONT"

cat > "$TEST_TMP/client.script" <<EOF
timeout 30
$(connect_steps "$SERVERS")
wait-text header-subtitle ^connected to $P_RE\$
$(signin_steps erin)
set lookup-province HCM
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-result ^1\\.270$
run touch $TEST_TMP/signed-in
wait-file $TEST_TMP/primary-killed
set lookup-province Hà Nội
click lookup-button
timeout 60
wait-text lookup-result ^1\\.024$
wait-text header-subtitle ^$B_RE · signed in as erin\$
run touch $TEST_TMP/on-backup
wait-file $TEST_TMP/backup-killed
set lookup-province Huế
click lookup-button
wait-text lookup-status (connection to the server was lost|does not answer)
wait-visible lookup-reconnect
run touch $TEST_TMP/reconnect-shown
wait-file $TEST_TMP/primary-back
click lookup-reconnect
wait-page signin
wait-text header-subtitle ^connected to $P_RE\$
wait-text toasts ^Reconnected to $P_RE\\. Please sign in again\\.\$
screenshot gtk-reconnect-pair.png
run for i in \$(seq 150); do "$VC_BIN/vc-cli" --server=tcp://127.0.0.1:$P_FRONT --timeout=500 ping auth > /dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1
$(signin_steps erin)
wait-text header-subtitle ^$P_RE · signed in as erin\$
run touch $TEST_TMP/signed-in-again
wait-file $TEST_TMP/primary-killed-again
set lookup-province Cần Thơ
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-caption Cần Thơ on 15-12-2021
wait-text header-subtitle ^$B_RE · signed in as erin\$
wait-text toasts ^The other server, $B_RE, took over\.\$
screenshot gtk-reconnect-pair-failover.png
quit
EOF
spawn_ui client vc-gtk "$TEST_TMP/client.script"
CLIENT_PID=$LAST_UI_PID

if wait_for 60 test -f "$TEST_TMP/signed-in"; then
    pass "the client signed in through the primary"
    kill_primary 15
else
    fail "the client did not sign in"
fi
touch "$TEST_TMP/primary-killed"
if wait_for 60 test -f "$TEST_TMP/on-backup"; then
    pass "the client moved to the backup"
else
    fail "the client did not move to the backup"
fi
kill -9 "$BACKUP_PID"
touch "$TEST_TMP/backup-killed"
wait_for 60 test -f "$TEST_TMP/reconnect-shown" \
    && pass "with both brokers gone the lookup offers Reconnect" \
    || fail "no Reconnect after both brokers were killed"
# Only the primary, the broker the client did not use last, comes back
start_pair_broker primary --services=auth,data,scraper
wait_for 20 cli --server="tcp://127.0.0.1:$P_FRONT" --timeout=500 ping \
    && pass "the primary is back alone and serves" \
    || fail "the primary does not serve: $(tail -5 "$TEST_TMP/primary.log")"
touch "$TEST_TMP/primary-back"
# The connection Reconnect made knows both brokers too: the backup comes
# back, the primary is killed again, and the client moves by itself
if wait_for 60 test -f "$TEST_TMP/signed-in-again"; then
    start_pair_broker backup --services=auth,data,scraper
    wait_for 15 bash -c "[ \"\$(grep -c 'backup broker is now passive' '$TEST_TMP/backup.log')\" -ge 2 ]" \
        && pass "the backup is back, passive" || fail "backup: $(tail -3 "$TEST_TMP/backup.log")"
    kill -9 "$PRIMARY_PID"
else
    fail "the client did not sign in again after Reconnect"
fi
touch "$TEST_TMP/primary-killed-again"
wait_ui client "$CLIENT_PID"
finish
