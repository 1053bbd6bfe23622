# test_failover_bus - a primary/backup pair whose event buses are not given
# to the viewer: each broker learns its peer's bus over the state exchange
# and names both in its ping reply, so `vc-cli watch` given only the pair's
# servers hears both buses and, after kill -9 of the primary, shows the
# events of the backup's run after a failover separator.
source "$(dirname "$0")/pair_lib.sh"
unset VC_EVENTS

start_pair
wait_for 10 grep -q "the peer's event bus is tcp://127.0.0.1:$B_OUT" "$TEST_TMP/primary.log" \
    && pass "the primary learned the backup's bus from the state exchange" \
    || fail "primary: $(grep -i "event bus" "$TEST_TMP/primary.log")"
wait_for 10 grep -q "the peer's event bus is tcp://127.0.0.1:$P_OUT" "$TEST_TMP/backup.log" \
    && pass "the backup learned the primary's bus" \
    || fail "backup: $(grep -i "event bus" "$TEST_TMP/backup.log")"
check "ping names the broker's bus and its peer's" 0 \
    "^pong.*events on tcp://127.0.0.1:$P_OUT, the peer's on tcp://127.0.0.1:$B_OUT)$" \
    env LANGUAGE=en "$VC_BIN/vc-cli" ping
check "ping in JSON carries peer_events" 0 "\"peer_events\": *\"tcp://127.0.0.1:$B_OUT\"" \
    cli --format=json ping

# The viewers are given both servers and no bus: both ways of watching
spawn watchpair "$VC_BIN/vc-cli" --server="$SERVERS" watch
spawn watchone "$VC_BIN/vc-cli" --server="tcp://127.0.0.1:$P_FRONT" watch
for name in watchpair watchone; do
    wait_for 10 grep -q "watching events on tcp://127.0.0.1:$P_OUT,tcp://127.0.0.1:$B_OUT " \
        "$TEST_TMP/$name.log" \
        && pass "$name: watch hears both buses as the broker names them" \
        || fail "$name: $(cat "$TEST_TMP/$name.log")"
done
sleep 1                     # The subscriptions reach both brokers
cli ping > /dev/null
for name in watchpair watchone; do
    wait_for 5 grep -q "client.connect" "$TEST_TMP/$name.log" \
        && pass "$name: the primary's events arrive" || fail "$name: $(tail -3 "$TEST_TMP/$name.log")"
done

# kill -9 of the primary; a client's request makes the backup take over
kill -9 "$PRIMARY_PID"
wait_for 20 cli ping > /dev/null
wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
    && pass "the backup took over after kill -9 of the primary" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
cli ping > /dev/null
for name in watchpair watchone; do
    wait_for 10 grep -q "^-- failover: broker run .* serves now" "$TEST_TMP/$name.log" \
        && pass "$name: watch shows the failover as a separator" \
        || fail "$name: no failover separator: $(tail -3 "$TEST_TMP/$name.log")"
    wait_for 10 bash -c "sed -n '/^-- failover/,\$p' '$TEST_TMP/$name.log' | grep -q ' client.connect '" \
        && pass "$name: the events of the backup's run arrive after the separator" \
        || fail "$name: no event of the backup's run: $(tail -3 "$TEST_TMP/$name.log")"
done
finish
