# test_failover - a primary/backup pair of brokers (Binary Star): the
# primary serves, the backup stands by and sends clients and services to
# it; kill -9 of the active broker while 100 clients run data lookups,
# whoami and sign-ins: no request of any kind fails as the clients see it,
# every user stays signed in and vc-cli watch shows the failover; a
# primary that comes back stays passive; the active broker stopped (SIGSTOP)
# past the failover timeout and continued: the other one took over, the
# stopped one serves nobody when it runs again and goes passive, so never
# two brokers serve at once.
source "$(dirname "$0")/pair_lib.sh"
CLIENTS=${VC_FAILOVER_CLIENTS:-100}
AUTH_DB=$TEST_TMP/var/auth.db

# The clients all come from loopback: no per-address quota on sign-ins
start_pair --services=echo,auth,data --costly-source-inflight=100000
check "the passive broker sends a client to the other one" 3 "on standby \(passive\): use the other broker" \
    cli --server="tcp://127.0.0.1:$B_FRONT" ping
# A heartbeat still queued from a client that moved away (a new connection
# to this broker whose first message is a HEARTBEAT) opens no client there
check "the passive broker answers a new connection's heartbeat with standby" 0 "^answer=standby$" \
    "$VC_BIN/vc-hostile" stale "tcp://127.0.0.1:$B_FRONT"
! grep -q "connected from" "$TEST_TMP/backup.log" \
    && pass "the passive broker opened no client" || fail "$(grep "connected from" "$TEST_TMP/backup.log")"
start_service echo echo "$VC_BIN/vc-echo-svc"
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$AUTH_DB" --pwhash-ops=1 --pwhash-mem=8 --log-level=debug
mkdir -p "$TEST_TMP/var"
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/var/cases.db" --log-level=warn
grep -q "registered with broker run" "$TEST_TMP/echo.log" && ! grep -q "ready" "$TEST_TMP/backup.log" \
    && pass "services registered with the active broker only" || fail "services: $(tail -3 "$TEST_TMP/backup.log")"

# vc-cli watch given both brokers follows the active one
spawn watchpair "$VC_BIN/vc-cli" --events="$EVENTS_OUTS" watch
wait_for 10 grep -q "watching events on tcp://127.0.0.1:$P_OUT,tcp://127.0.0.1:$B_OUT" "$TEST_TMP/watchpair.log" \
    && pass "watch hears both brokers' buses" || fail "watch: $(cat "$TEST_TMP/watchpair.log")"

# Clients at work; then the active broker is killed
start_load 60 120
sleep 3
kill_primary 10
wait_for 5 grep -q "broker.failover" "$TEST_TMP/watch-backup.log" \
    && pass "broker.failover published with the run ids" || fail "no broker.failover event"
wait_for 5 grep -q "^-- failover: broker run .* serves now" "$TEST_TMP/watchpair.log" \
    && pass "watch shows the failover as a separator and follows the backup" \
    || fail "no failover separator: $(tail -3 "$TEST_TMP/watchpair.log")"
wait_for 5 bash -c "sed -n '/^-- failover/,\$p' '$TEST_TMP/watchpair.log' | grep -q 'auth.login .*session resumed'" \
    && pass "after the separator watch shows the new run's events" \
    || fail "no events of the new run after the separator: $(tail -3 "$TEST_TMP/watchpair.log")"
sleep 6

# The primary comes back: it stays passive, the backup goes on serving
# (with the same options: every client here shares the loopback address)
start_pair_broker primary --services=echo,auth,data --costly-source-inflight=100000
wait_for 10 grep -q "primary broker is now passive" "$TEST_TMP/primary.log" \
    && pass "the primary came back passive" || fail "primary came back as: $(state_of primary)"
sleep 3
[ "$(state_of primary)" = passive ] && [ "$(state_of backup)" = active ] \
    && pass "the primary stays passive while the backup serves" \
    || fail "after the primary came back: primary $(state_of primary), backup $(state_of backup)"

# The active broker (now the backup) stopped past the failover timeout
kill -STOP "$BACKUP_PID"
wait_for 15 bash -c "grep -c 'primary broker is now active' '$TEST_TMP/primary.log' | grep -q 2" \
    && pass "the primary took over from the stopped backup" || fail "no takeover: $(tail -5 "$TEST_TMP/primary.log")"
sleep 2
kill -CONT "$BACKUP_PID"
wait_for 10 bash -c "[ \"\$(grep -o 'broker is now [a-z]*' '$TEST_TMP/backup.log' | tail -1)\" = 'broker is now passive' ]" \
    && pass "the stopped backup, running again, went passive" || fail "backup after SIGCONT: $(tail -5 "$TEST_TMP/backup.log")"
# Once running again it served nobody before it stood down: no client
# connected and no request was dispatched between its stall and 'passive'
awk '/stalled for/ {s=1} s && /(connected from|request .* to )/ {bad=1} s && /broker is now passive/ {exit} END {exit bad}' \
    "$TEST_TMP/backup.log" && pass "the stalled broker served nobody before standing down" \
    || fail "the stalled broker served a client: $(grep -A5 'stalled for' "$TEST_TMP/backup.log")"
[ "$(state_of primary)" = active ] && [ "$(state_of backup)" = passive ] \
    && pass "one active broker at the end" || fail "end states: primary $(state_of primary), backup $(state_of backup)"
sleep 4
kill -TERM "$LOAD_PID"
wait_for 30 grep -q "^clients=" "$TEST_TMP/load.log" || fail "the clients did not report"
result=$(grep "^clients=" "$TEST_TMP/load.log")
echo "clients: $result"
grep -q " setup_failed=0 " <<< "$result" && pass "every client was set up" || fail "clients not set up: $result"
grep -q " failed=0 " <<< "$result" && pass "no request failed as the clients saw it, users still signed in" \
    || fail "requests failed: $result; $(grep '^client' "$TEST_TMP/load.log" | head -5)"
grep "^kind=" "$TEST_TMP/load.log" | sed 's/^/# /'
for kind in lookup whoami signin; do
    line=$(grep "^kind=$kind " "$TEST_TMP/load.log")
    requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<< "$line")
    [ "${requests:-0}" -gt 0 ] && grep -q " failed=0$" <<< "$line" \
        && pass "$kind: $requests requests, none failed" || fail "$kind: ${line:-no report}"
done
resumed=$(grep -o "resumed=[0-9]*" <<< "$result" | cut -d= -f2)
[ "${resumed:-0}" -ge "$CLIENTS" ] && pass "every client resumed its session on the new broker run" \
    || fail "sessions resumed: $result"
finish
