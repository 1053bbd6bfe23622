# test_failover_worker_gone - a service given both brokers of a pair whose
# first broker's process is gone (killed, not started again) registers
# with the other one at once: it sees that nothing listens at the dead
# broker's address instead of waiting out the heartbeat timeout (3 s). The
# same happens in a failover when a service, sent away by the survivor
# that had not yet noticed its peer's end ("on standby"), comes back to
# the dead broker: every client then waited for the service.
source "$(dirname "$0")/pair_lib.sh"

start_pair
kill -9 "$PRIMARY_PID"
wait_for 20 cli --timeout=1000 ping
wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
    && pass "the backup took over after kill -9 of the primary" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"

# The dead primary is first in the service's list of brokers
mkdir -p "$TEST_TMP/var"
started=$(now_ms)
spawn data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/var/cases.db" --log-level=info \
    --backend="$BACKENDS"
wait_for 10 grep -q "worker data instance .* ready" "$TEST_TMP/backup.log"
took=$(( $(now_ms) - started ))
grep -q "worker data instance .* ready" "$TEST_TMP/backup.log" \
    && pass "the service registered with the active backup" \
    || fail "the service did not register: $(tail -5 "$TEST_TMP/data.log")"
[ "$took" -lt 2500 ] \
    && pass "it left the dead broker's address at once ($took ms to register)" \
    || fail "it registered only after $took ms (the heartbeat timeout is 3000 ms)"
wait_for 10 cli --timeout=1000 ping data \
    && pass "clients reach the service through the backup" || fail "ping data: no answer"

finish
