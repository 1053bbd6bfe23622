# test_monitor_pair_bus - monitors of a pair of brokers given no event bus:
# they take both buses from the broker's ping (its own and its peer's).
# One is given both servers, the other only the primary's. Both show the
# primary's events with no separator. After kill -9 of the primary the
# service moves to the backup while it is still passive, and the backup
# publishes it joining: neither monitor shows that event of a broker on
# standby. Once a client's request made the backup take over, both show
# one separator row, "— failover —", and after it the events of the
# backup's run.
source "$(dirname "$0")/lib_ui.sh"
source "$VC_SOURCE/tests/integration/pair_lib.sh"
unset VC_EVENTS
have_services || skip_all "vc-auth-svc not built"

start_xvfb
start_pair
spawn watch-services "$VC_BIN/vc-cli" --events="tcp://127.0.0.1:$B_OUT" watch service.
# NAME SERVERS: a monitor's script and the monitor
spawn_monitor () {
    local name=$1 servers=$2
    cat > "$TEST_TMP/$name.script" <<EOF
timeout 30
wait-text broker-status ^The broker answers
wait-text events-address tcp://127\\.0\\.0\\.1:$P_OUT,tcp://127\\.0\\.0\\.1:$B_OUT\$
run touch $TEST_TMP/$name-ready
wait-file $TEST_TMP/pinged
wait-text events \\tclient\\.connect\$
dump events $TEST_TMP/$name-before.tsv
run touch $TEST_TMP/$name-seen-primary
timeout 60
wait-text events — failover —
wait-text events — failover —[^\\n]*\\n(.*\\n)*[0-9]+\\t.*\\tclient\\.connect\$
dump events $TEST_TMP/$name.tsv
quit
EOF
    spawn_ui "$name" vc-monitor "$TEST_TMP/$name.script" --server="$servers" --poll=500
}
spawn_monitor pair "$SERVERS"
PAIR_PID=$LAST_UI_PID
spawn_monitor one "tcp://127.0.0.1:$P_FRONT"
ONE_PID=$LAST_UI_PID

if wait_for 40 test -f "$TEST_TMP/pair-ready" -a -f "$TEST_TMP/one-ready"; then
    pass "both monitors hear both buses as the broker names them"
    sleep 1                 # Their subscriptions reach both brokers
    start_auth
    cli ping > /dev/null
    touch "$TEST_TMP/pinged"
    for name in pair one; do
        wait_for 30 test -f "$TEST_TMP/$name-seen-primary" && pass "$name: the primary's events are shown"
    done
    kill -9 "$PRIMARY_PID"
    wait_for 20 grep -q "service.ready" "$TEST_TMP/watch-services.log" \
        && pass "the service moved to the passive backup, which publishes it" \
        || fail "no service.ready on the backup's bus"
    wait_for 20 cli ping > /dev/null
    wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
        && pass "the backup took over after kill -9 of the primary" \
        || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
    cli ping > /dev/null
else
    fail "the monitors did not take both buses: $(grep -hi "event" "$TEST_TMP/pair.log" "$TEST_TMP/one.log" | tail -3)"
    touch "$TEST_TMP/pinged"
fi
wait_ui pair "$PAIR_PID"
wait_ui one "$ONE_PID"
for name in pair one; do
    echo "--- $name: events shown while the primary served"
    cat "$TEST_TMP/$name-before.tsv" 2> /dev/null
    awk -F'\t' 'NR > 1 && $1 == "" { bad = 1 } END { exit bad }' "$TEST_TMP/$name-before.tsv" 2> /dev/null \
        && pass "$name: no separator while the primary serves" \
        || fail "$name: a separator row while the primary serves (the backup's run shown)"
    joined=$(awk -F'\t' '$NF == "service.ready"' "$TEST_TMP/$name-before.tsv" 2> /dev/null | wc -l)
    [ "$joined" -eq 1 ] && pass "$name: the service joining is shown once (the primary's)" \
        || fail "$name: the service joining is shown $joined times"
    echo "--- $name: events shown at the end"
    cat "$TEST_TMP/$name.tsv" 2> /dev/null
    separators=$(awk -F'\t' 'NR > 1 && $1 == "" { printf "%s;", $5 }' "$TEST_TMP/$name.tsv" 2> /dev/null)
    [ "$separators" = "— failover —;" ] && pass "$name: one separator, the failover" \
        || fail "$name: separators '$separators'"
    awk -F'\t' 'found && $NF == "client.connect" { ok = 1 } $5 == "— failover —" { found = 1 } END { exit !ok }' \
        "$TEST_TMP/$name.tsv" 2> /dev/null && pass "$name: the backup's run's events follow the failover separator" \
        || fail "$name: no event of the backup's run after the separator"
done
finish
