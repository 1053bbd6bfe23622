# test_failover_client_gone - a client given both brokers of a pair leaves
# an address where nothing listens (a broker whose process is gone) at
# once for the other one, instead of waiting a second there and answering
# 503 "the server is gone":
# - vc-cli with the dead broker first in --server is answered by the live
#   one about as fast as when given the live one alone, never with 503;
# - a long-lived client (vc-cli shell) sending requests all along through
#   kill -9 of the active broker, while the backup is busy for a moment
#   (stopped 1.8 s: the client's first rejoin finds no broker), moves to
#   the other one with no 503 and no lost answer: a request sent while no
#   broker took it joins again at each pause until its deadline, instead
#   of waiting for the link to the dead broker to come back.
source "$(dirname "$0")/pair_lib.sh"

start_pair --services=echo
start_service echo echo "$VC_BIN/vc-echo-svc"

# A shell at work through the primary: one echo every 50 ms
open_shell shell 7 --server="$SERVERS" --timeout=5000
feed () {
    while [ -e "$TEST_TMP/feeding" ]; do echo "ping echo" >&7; sleep 0.05; done
}
touch "$TEST_TMP/feeding"
feed &
FEED_PID=$!
TEST_PIDS+=("$FEED_PID")
wait_for 10 bash -c "[ \$(grep -c pong '$TEST_TMP/shell.out') -ge 20 ]" \
    && pass "the shell is answered through the primary" || fail "shell: $(tail -3 "$TEST_TMP/shell.out")"
# The backup busy for a moment (stopped 1.8 s, below its stall limit) when
# the primary is killed: the clients' first tries there get no answer
kill -STOP "$BACKUP_PID"
kill -9 "$PRIMARY_PID"
sleep 1.8
kill -CONT "$BACKUP_PID"
wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
    && pass "the backup took over after kill -9 of the primary" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
before=$(grep -c pong "$TEST_TMP/shell.out")
wait_for 15 bash -c "[ \$(grep -c pong '$TEST_TMP/shell.out') -ge $((before + 40)) ]" \
    && pass "the shell is answered through the backup" || fail "no answers through the backup: $(tail -3 "$TEST_TMP/shell.out")"
rm -f "$TEST_TMP/feeding"
wait "$FEED_PID" 2>/dev/null
exec 7>&-
wait_for 10 bash -c "! kill -0 $SHELL_PID"
errors=$(grep -v "pong" "$TEST_TMP/shell.out" | grep -iE "503|gone|lost the connection|no answer|cannot" | head -3)
[ -z "$errors" ] && pass "no request failed through the failover ($(grep -c pong "$TEST_TMP/shell.out") answered)" \
    || fail "requests failed through the failover: $errors"

# A new client given the dead broker first: answered about as fast as one
# given the live broker alone (the reference, measured here)
DEAD=tcp://127.0.0.1:$P_FRONT LIVE=tcp://127.0.0.1:$B_FRONT
best_ms () {
    local best=999999 i t
    for i in 1 2 3; do
        t=$(cli_ms "$@")
        [ "$t" -lt "$best" ] && best=$t
    done
    echo "$best"
}
alone=$(best_ms --server="$LIVE" --timeout=3000 ping echo)
dead_first=$(best_ms --server="$DEAD,$LIVE" --timeout=3000 ping echo)
echo "# live broker alone: $alone ms; dead broker first: $dead_first ms"
check "with the dead broker first the live one answers" 0 "pong" \
    cli --server="$DEAD,$LIVE" --timeout=3000 ping echo
[ "$dead_first" -le $((alone + 700)) ] \
    && pass "the dead address was left at once ($dead_first ms against $alone ms for the live one alone)" \
    || fail "the dead address held the client: $dead_first ms against $alone ms for the live one alone"

finish
