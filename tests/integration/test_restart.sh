# test_restart - the broker restarts: services and clients reconnect by
# themselves; a client asking while the broker is down gets a clear error
# at once; SIGSTOPped (frozen) clients are reported lost; SIGTERM stops the
# broker cleanly.
source "$(dirname "$0")/lib.sh"

start_broker --services=echo
start_service echo echo "$VC_BIN/vc-echo-svc"

# A long-lived client (shell) fed through a fifo
open_shell shell 7
echo "call echo echo text=before-restart" >&7
wait_for 5 grep -q before-restart "$TEST_TMP/shell.out" && pass "shell client served" \
                                                        || fail "shell client not served"

# A watcher of every event, to see it tell about the restart
spawn watchall "$VC_BIN/vc-cli" watch
wait_for 5 grep -q "watching events" "$TEST_TMP/watchall.log"
cli ping broker > /dev/null
wait_for 5 grep -q "client.connect" "$TEST_TMP/watchall.log" || fail "watcher saw no event"

# Broker gone: the next request says so at once, the screen is not lost
kill -9 "$BROKER_PID"
sleep 0.5
start=$(now_ms)
echo "call echo echo text=while-down" >&7
wait_for 3 grep -qE "lost the connection to the server|no answer from the server" "$TEST_TMP/shell.out" \
    && pass "request while the broker is down fails clearly ($(( $(now_ms) - start )) ms)" \
    || fail "no clear error while the broker is down: $(tail -2 "$TEST_TMP/shell.out")"

# Broker back on the same ports: the service re-registers, the client goes on
spawn broker2 "$VC_BIN/vc-broker" --services=echo
BROKER_PID=$LAST_PID
wait_for 15 cli --timeout=1000 ping echo && pass "service re-registered after broker restart" \
                                        || fail "service did not come back"
for i in $(seq 1 30); do
    echo "call echo echo text=after-restart-$i" >&7
    if wait_for 1 grep -q "after-restart-$i" "$TEST_TMP/shell.out"; then break; fi
done
grep -q "after-restart" "$TEST_TMP/shell.out" && pass "existing client works again after restart" \
                                              || fail "client did not recover"
wait_for 10 grep -q "^-- the broker restarted: numbering starts again" "$TEST_TMP/watchall.log" \
    && pass "the watcher says the broker restarted" \
    || fail "no restart notice from the watcher: $(tail -3 "$TEST_TMP/watchall.log")"
echo "call echo whoami" >&7
wait_for 5 grep -q nobody "$TEST_TMP/shell.out" && pass "sessions do not survive a broker restart" \
                                               || fail "whoami after restart"

# A frozen client (SIGSTOP) is reported lost after the heartbeat timeout
spawn watch "$VC_BIN/vc-cli" watch client.
sleep 0.5
kill -STOP "$SHELL_PID"
start=$(now_ms)
wait_for 10 grep -q "client.lost" "$TEST_TMP/watch.log" \
    && pass "frozen client reported lost after $(( $(now_ms) - start )) ms" \
    || fail "frozen client not reported lost"
kill -CONT "$SHELL_PID"
exec 7>&-

# The broker itself frozen for longer than the heartbeat timeout: once it
# runs again, services are not dropped and requests are served at once
kill -STOP "$BROKER_PID"
sleep 6
kill -CONT "$BROKER_PID"
start=$(now_ms)
wait_for 3 cli --timeout=1000 ping echo \
    && pass "service answers $(( $(now_ms) - start )) ms after the broker resumed" \
    || fail "service not answering after the broker resumed"
wait_for 5 grep -q "stalled" "$TEST_TMP/broker2.log" && pass "broker noticed its own stall" || fail "no stall notice"

# SIGTERM: the broker stops cleanly and says so
kill -TERM "$BROKER_PID"
wait_for 5 grep -q "broker stopped" "$TEST_TMP/broker2.log" && pass "SIGTERM stops the broker cleanly" \
                                                           || fail "broker did not stop on SIGTERM"
finish
