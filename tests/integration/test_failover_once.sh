# test_failover_once - a primary/backup pair puts each service event on
# one bus only, the active broker's, and loses none at a failover. A
# publisher connected to both brokers (as every service is) sends numbered
# events while a raw subscriber listens on BOTH buses (vc-test-bus-tally: a
# SUB per bus, no filter); the primary is killed (kill -9) mid-way and
# started again (it comes back passive); then the backup, now active, is
# stopped (SIGSTOP) past the failover timeout, the primary takes over, and
# the backup continues (it stands by). Every event must arrive exactly
# once, never on a passive broker's bus, and each bus numbers its events
# one after the other within each broker run; vc-cli watch given both
# servers shows each once as well.
source "$(dirname "$0")/pair_lib.sh"

TICKS=300
start_pair
spawn tally "$VC_BIN/vc-test-bus-tally" --seconds=90 \
    --buses="tcp://127.0.0.1:$P_OUT,tcp://127.0.0.1:$B_OUT"
# A viewer as a person runs it: vc-cli watch given both servers follows
# the active broker's run and shows a failover as a separator
spawn watch "$VC_BIN/vc-cli" --server="$SERVERS" watch tally.
sleep 1                     # The subscriptions reach both brokers
spawn ticker "$VC_BIN/vc-test-bus-tally" --publish-to="$EVENTS_INS" --count=$TICKS --interval=50
TICKER_PID=$LAST_PID
wait_for 20 grep -q "^sent 40$" "$TEST_TMP/ticker.log" \
    && pass "40 events published to both brokers" || fail "ticker: $(tail -3 "$TEST_TMP/ticker.log")"

# kill -9 of the active primary while events flow; a client's request
# makes the backup take over
kill -9 "$PRIMARY_PID"
wait_for 20 cli --timeout=1000 ping
wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
    && pass "the backup took over after kill -9 of the primary" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
sent_at_failover=$(grep -c "^sent" "$TEST_TMP/ticker.log")

# The primary comes back: passive, it must not carry the events either
start_pair_broker primary
wait_for 10 grep -q "primary broker is now passive" "$TEST_TMP/primary.log" \
    && pass "the restarted primary stands by" || fail "primary: $(tail -3 "$TEST_TMP/primary.log")"

# The active backup stalls (SIGSTOP) while events flow: a client makes the
# primary take over; the backup, continued, stands by and must not put on
# its bus what it received during the stall
wait_for 30 grep -q "^sent 150$" "$TEST_TMP/ticker.log" || fail "ticker: $(tail -1 "$TEST_TMP/ticker.log")"
kill -STOP "$BACKUP_PID"
sleep 3                     # Past the failover timeout (2 heartbeats)
wait_for 20 cli --timeout=1000 ping
wait_for 10 bash -c "[ \$(grep -c 'primary broker is now active' '$TEST_TMP/primary.log') -ge 2 ]" \
    && pass "the restarted primary took over from the stopped backup" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/primary.log")"
kill -CONT "$BACKUP_PID"
wait_for 10 bash -c "[ \$(grep -c 'backup broker is now passive' '$TEST_TMP/backup.log') -ge 2 ]" \
    && pass "the backup, continued, stands by" || fail "backup: $(tail -3 "$TEST_TMP/backup.log")"
wait_for 30 grep -q "^sent $TICKS$" "$TEST_TMP/ticker.log" \
    && pass "$TICKS events published ($sent_at_failover before the takeover)" \
    || fail "ticker: $(tail -3 "$TEST_TMP/ticker.log")"
sleep 1                     # The last ones reach the subscriber
# The events published between the kill and the takeover reached only the
# passive backup: it held them and published them when it took over
grep -q "published [0-9]* events held while not active" "$TEST_TMP/backup.log" \
    && pass "the backup published what it held: $(grep -o "published [0-9]* events held" "$TEST_TMP/backup.log" | head -1)" \
    || fail "the backup published nothing it held: $(grep -i "held" "$TEST_TMP/backup.log" | tail -3)"
grep -q "published [0-9]* events held while not active" "$TEST_TMP/primary.log" \
    && pass "the primary published what it held during the stall: $(grep -o "published [0-9]* events held" "$TEST_TMP/primary.log" | tail -1)" \
    || fail "the primary published nothing it held: $(grep -i "held" "$TEST_TMP/primary.log" | tail -3)"
echo "tally: $(grep -c 'topic=tally.tick' "$TEST_TMP/tally.log") ticks heard"

# Exactly once: each tick heard once, over both buses together
missing=() twice=()
for ((tick = 1; tick <= TICKS; tick++)); do
    heard=$(grep -c " topic=tally.tick detail=tick $tick$" "$TEST_TMP/tally.log")
    [ "$heard" -eq 0 ] && missing+=("$tick")
    [ "$heard" -gt 1 ] && twice+=("$tick")
done
[ ${#twice[@]} -eq 0 ] && pass "no event heard twice over the two buses" \
    || fail "${#twice[@]} events heard more than once: ${twice[*]:0:20}"
[ ${#missing[@]} -eq 0 ] && pass "no event lost at the failover" \
    || fail "${#missing[@]} events never heard: ${missing[*]:0:20}"

# vc-cli watch shows each once too, those of the failover gap after the
# separator (before, the passive backup's copies were left out as events
# of the run it did not follow)
missing=() twice=()
for ((tick = 1; tick <= TICKS; tick++)); do
    heard=$(grep -c " tally.tick .* tick $tick$" "$TEST_TMP/watch.log")
    [ "$heard" -eq 0 ] && missing+=("$tick")
    [ "$heard" -gt 1 ] && twice+=("$tick")
done
[ ${#twice[@]} -eq 0 ] && [ ${#missing[@]} -eq 0 ] \
    && pass "vc-cli watch showed each event once ($(grep -c '^-- failover' "$TEST_TMP/watch.log") failover separators)" \
    || fail "vc-cli watch: ${#missing[@]} events not shown (${missing[*]:0:20}), ${#twice[@]} shown twice (${twice[*]:0:20})"

# Only the active broker's bus carried them: the backup's before its
# failover event, the restarted primary's at all, carry none
before=$(awk '/^bus=1 .* topic=broker.failover /{exit} /^bus=1 .* topic=tally.tick /{n++} END{print n+0}' \
    "$TEST_TMP/tally.log")
[ "$before" -eq 0 ] && pass "the passive backup's bus carried no service event" \
    || fail "the passive backup's bus carried $before service events"
second_run=$(grep -o "broker run [0-9a-f]*:" "$TEST_TMP/primary.log" | sed -n 2p | awk '{print $3}' | tr -d :)
restarted=$(grep -c "^bus=0 run=${second_run:-none} .* topic=tally.tick " "$TEST_TMP/tally.log")
grep -q "^bus=0 run=${second_run:-none} " "$TEST_TMP/tally.log" \
    && pass "the restarted primary's bus is heard (run $second_run)" \
    || fail "no event of the restarted primary's run ${second_run:-?} heard"
takeover=$(grep -n "^bus=0 run=${second_run:-none} .* topic=broker.failover " "$TEST_TMP/tally.log" | head -1 | cut -d: -f1)
restarted=$(head -n "${takeover:-0}" "$TEST_TMP/tally.log" | grep -c "^bus=0 run=${second_run:-none} .* topic=tally.tick ")
[ -n "$takeover" ] && [ "$restarted" -eq 0 ] \
    && pass "the restarted primary's bus carried no service event while passive" \
    || fail "the restarted primary's bus carried $restarted service events before its failover (${takeover:-none heard})"
# What the stopped backup numbered after its stall (its "stalled" state
# event): an event it sent just before may reach a subscriber late
stall_seq=$(grep "^bus=1 .* topic=broker.passive detail=.*stalled" "$TEST_TMP/tally.log" | head -1 \
    | sed 's/.* seq=\([0-9]*\) .*/\1/')
stalled=$(awk -v after="${stall_seq:-0}" '/^bus=1 .* topic=tally.tick /{ split($3, s, "=");
              if (s[2] + 0 > after + 0) n++ } END { print n + 0 }' "$TEST_TMP/tally.log")
[ -n "$stall_seq" ] && [ "$stalled" -eq 0 ] \
    && pass "the stopped backup's bus carried no service event after its stall (event $stall_seq)" \
    || fail "the stopped backup's bus carried $stalled service events after its stall (${stall_seq:-no stall event heard})"
after=$(awk '/^bus=1 .* topic=broker.failover /{on=1} on && /^bus=1 .* topic=tally.tick /{n++} END{print n+0}' \
    "$TEST_TMP/tally.log")
[ "$after" -gt 0 ] && pass "the backup's bus carried the events after its failover event ($after)" \
    || fail "no event on the backup's bus after the failover"

# Sequence numbers: on each bus, within each run, one after the other
gaps=$(awk '{ split($1, b, "="); split($2, r, "="); split($3, s, "=");
              key = b[2] " " r[2];
              if (key in last && s[2] != last[key] + 1) print key ": " last[key] " then " s[2];
              last[key] = s[2] }' "$TEST_TMP/tally.log")
[ -z "$gaps" ] && pass "each bus numbers its events one after the other in each run" \
    || fail "sequence gaps: $(head -5 <<< "$gaps")"
finish
