# test_failover_stall - the active primary of a pair stopped (SIGSTOP) past
# the failover timeout while a client keeps echo requests and sign-ups in
# flight, then continued (SIGCONT):
# - never two serving brokers: from both brokers' state events, the backup
#   went active only after the primary had stopped, the primary published
#   no "active" after it, and once running again it stood down before it
#   served anyone (its log);
# - no request answered twice, counted directly: the client counts every
#   reply per request id (vc-test-reply-count), a raw client that keeps its
#   link to the stopped primary open (vc-hostile pair) gets no second and
#   no late answer on either link, the auth store holds each
#   sign-up once, and the echo service handled a request more than once
#   only when the client had sent it again (its reply was lost with the
#   stopped broker);
# - the policy when the primary is back (docs/deploy.md, "Two brokers"): it
#   stays passive while the backup serves, and takes over when the backup
#   fails (kill -9 of the backup).
source "$(dirname "$0")/pair_lib.sh"
test_db AUTH_DB auth
PREFIX=stall$$x

start_pair --services=echo,auth --costly-source-inflight=100000
start_service echo echo "$VC_BIN/vc-echo-svc" --log-level=debug
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$AUTH_DB" --pwhash-ops=1 --pwhash-mem=8

ms () { awk -F'[:.]' '{ print (($1 * 60 + $2) * 60 + $3) * 1000 + $4 }' <<< "$1"; }
handled () { grep -c "handled echo text=$PREFIX-" "$TEST_TMP/echo.log"; }

# The counting client, then the stall
spawn count "$VC_BIN/vc-test-reply-count" --server="$SERVERS" --seconds=25 --window=4 \
    --signup-every=5 --prefix="$PREFIX"
COUNT_PID=$LAST_PID
# and a raw client that keeps its link to the primary open through the
# move, so that it sees any answer the primary sends late
spawn wire "$VC_BIN/vc-hostile" pair "tcp://127.0.0.1:$P_FRONT" "tcp://127.0.0.1:$B_FRONT" 22 "wire$$-"
WIRE_PID=$LAST_PID
wait_for 30 bash -c "[ \$(grep -c 'handled echo text=$PREFIX-' '$TEST_TMP/echo.log') -ge 40 ]" \
    && pass "the client is answered through the primary ($(handled) echoes)" \
    || fail "the client got too few answers: $(handled); $(tail -3 "$TEST_TMP/count.log")"
STOP_AT=$(date +%H:%M:%S.%3N)
kill -STOP "$PRIMARY_PID"
wait_for 15 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
    && pass "the backup took over from the stopped primary" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
wait_for 15 grep -q "^joined tcp://127.0.0.1:$B_FRONT" "$TEST_TMP/count.log" \
    && wait_for 15 grep -q "^joined the backup" "$TEST_TMP/wire.log" \
    && pass "the clients moved to the backup" \
    || fail "the clients did not move: $(cat "$TEST_TMP/count.log" "$TEST_TMP/wire.log")"
before=$(handled)
wait_for 15 bash -c "[ \$(grep -c 'handled echo text=$PREFIX-' '$TEST_TMP/echo.log') -ge $((before + 20)) ]" \
    && pass "the client is answered through the backup" || fail "no answers through the backup"
CONT_AT=$(date +%H:%M:%S.%3N)
kill -CONT "$PRIMARY_PID"
wait_for 10 grep -q "stalled for" "$TEST_TMP/primary.log" \
    && pass "the primary, running again, noticed its stall" || fail "no stall noticed: $(tail -5 "$TEST_TMP/primary.log")"
wait_for 10 bash -c "[ \"\$(grep -o 'broker is now [a-z]*' '$TEST_TMP/primary.log' | tail -1)\" = 'broker is now passive' ]" \
    && pass "the primary went passive" || fail "primary after SIGCONT: $(tail -5 "$TEST_TMP/primary.log")"

# The client's count of replies per request id
wait "$COUNT_PID"; rc=$?
result=$(grep "^requests=" "$TEST_TMP/count.log")
echo "client: $result"
[ $rc -eq 0 ] && [ -n "$result" ] && pass "every request got one answer" \
    || fail "client exit $rc: $result; $(grep -m5 '^twice' "$TEST_TMP/count.log")"
field () { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<< " $result"; }
[ "$(field twice)" = 0 ] && pass "no request id answered twice on the client side" \
    || fail "answered twice: $(grep -m5 '^twice' "$TEST_TMP/count.log")"
[ "$(field unanswered)" = 0 ] && [ "$(field requests)" -gt 100 ] \
    && pass "no request left unanswered ($(field requests) requests, $(field resent) sent again)" \
    || fail "unanswered: $result"
[ "$(field joins)" -ge 1 ] && [ "$(field resent)" -ge 1 ] \
    && pass "requests in flight at the stall were sent again with their ids" \
    || fail "nothing was sent again: $result"

# The raw client's count of answers on the wire, on both links
wait "$WIRE_PID"
wire=$(grep "^requests=" "$TEST_TMP/wire.log")
echo "wire: $wire"
wfield () { sed -n "s/.* $1=\([0-9a-z]*\).*/\1/p" <<< " $wire"; }
# A late answer from the primary is one it gave before it was stopped (the
# echo service handled the request before the stop and the answer was
# still on its way out), never one made once it ran again (a timeout, a
# reply forwarded after the stall)
stop_ms=$(ms "$STOP_AT")
made_late=0
while read -r text status; do
    first=$(grep -m1 "handled echo text=$text\$" "$TEST_TMP/echo.log" | sed 's/^[0-9-]*T\([0-9:.]*\)Z.*/\1/')
    if [ "$status" != status=200 ] || [ -z "$first" ] || [ "$(ms "$first")" -gt "$stop_ms" ]; then
        made_late=$((made_late + 1)); echo "late answer made after the stop: $text $status (handled at '$first')"
    else
        echo "late answer given before the stop (handled at $first, stopped at $STOP_AT): $text"
    fi
done < <(sed -n 's/^late id=[0-9a-f]* text=\([^ ]*\) \(status=[0-9]*\).*/\1 \2/p' "$TEST_TMP/wire.log")
[ "$(wfield twice)" = "$(wfield late)" ] && [ "$made_late" = 0 ] && [ "$(wfield joined)" = yes ] \
    && pass "on the wire no request id was answered twice but for answers the primary gave before its stop ($(wfield requests) requests, $(wfield late) such, $(wfield refused) refused with standby)" \
    || fail "on the wire: $wire; $made_late answers made after the stop; $(grep -m5 '^twice' "$TEST_TMP/wire.log")"
[ "$(wfield unanswered)" = 0 ] && [ "$(wfield errors)" = 0 ] && [ "$(wfield requests)" -gt 50 ] \
    && pass "the raw client's requests were each answered, with no error" || fail "raw client: $wire"

# The services' counts
signups=$(field signups)
stored=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username LIKE '$PREFIX%'")
[ -n "$signups" ] && [ "$signups" -gt 0 ] && [ "$stored" = "$signups" ] && [ "$(field created)" = "$signups" ] \
    && pass "each of the $signups sign-ups was done once (the auth store holds $stored accounts)" \
    || fail "sign-ups: client $signups sent, $(field created) created; store $stored"
grep -o "handled echo text=$PREFIX-[0-9]*" "$TEST_TMP/echo.log" | sed 's/.*text=//' | sort | uniq -c \
    | awk '$1 > 1 { print $2 }' > "$TEST_TMP/handled-twice.txt"
sed -n 's/^resent text=//p' "$TEST_TMP/count.log" | sort -u > "$TEST_TMP/resent.txt"
echoes=$(( $(field requests) - signups ))
distinct=$(grep -o "handled echo text=$PREFIX-[0-9]*" "$TEST_TMP/echo.log" | sort -u | wc -l)
[ "$distinct" -eq "$echoes" ] && pass "the echo service handled each of the $echoes echo requests" \
    || fail "the echo service handled $distinct distinct requests for $echoes sent"
if [ -z "$(comm -23 "$TEST_TMP/handled-twice.txt" "$TEST_TMP/resent.txt")" ]; then
    pass "an echo was handled again only when the client sent it again ($(wc -l < "$TEST_TMP/handled-twice.txt") of them)"
else
    fail "handled twice without being sent again: $(comm -23 "$TEST_TMP/handled-twice.txt" "$TEST_TMP/resent.txt" | head -5 | tr '\n' ' ')"
fi

# Both brokers' state events: never two active at once
events () { awk -v t="$2" '$3 == t { print $2 }' "$TEST_TMP/watch-$1.log"; }
echo "--- primary's state events"; cat "$TEST_TMP/watch-primary.log"
echo "--- backup's state events"; cat "$TEST_TMP/watch-backup.log"
stop_ms=$(ms "$STOP_AT"); cont_ms=$(ms "$CONT_AT")
backup_active=$(events backup broker.active | head -1)
[ -n "$backup_active" ] && [ "$(ms "$backup_active")" -gt "$stop_ms" ] \
    && pass "the backup went active ($backup_active) after the primary stopped ($STOP_AT)" \
    || fail "backup active at '$backup_active', primary stopped at $STOP_AT"
late_active=$(events primary broker.active | while read -r t; do [ "$(ms "$t")" -gt "$stop_ms" ] && echo "$t"; done)
[ -z "$late_active" ] && pass "the primary published no broker.active after its stop" \
    || fail "the primary went active again at $late_active while the backup served"
first_after=$(awk -v s="$stop_ms" -F'[ ]+' '{ split($2, t, /[:.]/); m = ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4];
                                              if (m > s) { print $3; exit } }' "$TEST_TMP/watch-primary.log")
[ "$first_after" = broker.passive ] && pass "running again, the primary's first state event is broker.passive" \
    || fail "the primary's first state event after its stop: '$first_after'"
backup_passive=$(events backup broker.passive | while read -r t; do [ "$(ms "$t")" -gt "$(ms "$backup_active")" ] && echo "$t"; done)
[ -z "$backup_passive" ] && pass "the backup stayed active through the primary's return" \
    || fail "the backup stood down at $backup_passive"
awk '/stalled for/ {s=1} s && /(connected from|request .* to )/ {bad=1} s && /broker is now passive/ {exit} END {exit bad}' \
    "$TEST_TMP/primary.log" && pass "the stalled primary served nobody before standing down" \
    || fail "the stalled primary served a client: $(grep -A5 'stalled for' "$TEST_TMP/primary.log")"
[ "$(ms "$CONT_AT")" -ge "$stop_ms" ] || fail "the clock went back during the test: $STOP_AT to $CONT_AT"
echo "(stopped $STOP_AT, continued $CONT_AT, $((cont_ms - stop_ms)) ms)"

# The primary is back and stays passive while the backup serves; when the
# backup fails, the primary takes over
check "the returned primary sends a client to the backup" 3 "on standby \(passive\)" \
      cli --server="tcp://127.0.0.1:$P_FRONT" ping
kill -9 "$BACKUP_PID"
# (the echo service registers with the primary once it is active)
wait_for 20 cli --server="$SERVERS" --timeout=3000 call echo echo text=after-kill \
    && check "after kill -9 of the backup, a client of the pair is answered by the primary" 0 \
             '"message"=>"after-kill"' cli --server="$SERVERS" --raw call echo echo text=after-kill \
    || fail "no answer after kill -9 of the backup: $(tail -3 "$TEST_TMP/primary.log")"
wait_for 10 bash -c "grep -c 'primary broker is now active' '$TEST_TMP/primary.log' | grep -q 2" \
    && pass "the primary took over when the backup failed" \
    || fail "primary: $(grep -o 'broker is now [a-z]* ([^)]*)' "$TEST_TMP/primary.log" | tail -3)"
wait_for 5 grep -q "broker.failover" "$TEST_TMP/watch-primary.log" \
    && pass "broker.failover on the primary's bus" || fail "no broker.failover from the primary"
finish
