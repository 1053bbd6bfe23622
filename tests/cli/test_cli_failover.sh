# test_cli_failover - a signed-in shell on a pseudo-terminal, given both
# brokers of a pair, left at its prompt with half a command typed: kill -9
# of the active broker moves it to the other one while it sits there (no
# key pressed): it says so at once, is listed on the new broker signed in,
# and the line, finished, runs without a new sign-in. The same when the
# active broker is stopped (SIGSTOP) past the failover timeout: its
# silence moves the idle shell to the broker that took over.
source "$(dirname "$0")/../integration/pair_lib.sh"
source "$VC_SOURCE/tests/cli/tty_lib.sh"
PW=cli-test-password
export VC_HISTORY_FILE=$TEST_TMP/history

start_pair --operator-key-file="$OPERATOR_KEY"
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/var/auth.db" --pwhash-ops=1 --pwhash-mem=8
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/var/cases.db" --data-dir="$VC_SOURCE/data"
cli signup tester "$PW" > /dev/null 2>&1 || fail "sign up tester"

tty_shell_signin tester "$PW"
printf 'look' >&7
sleep 4

# The active broker dies while the shell sits at its prompt
kill_primary 15
wait_for 15 grep -q "the server restarted; reconnected" "$TEST_TMP/tty.log" \
    && pass "the move to the other broker is told at the prompt, with no key pressed" \
    || fail "no notice at the idle prompt: $(cat "$TEST_TMP/tty.log")"
wait_for 10 tty_shell_listed \
    && pass "the idle shell is on the other broker, its session resumed" \
    || fail "the idle shell is not on the other broker: $(cli_op --raw clients)"
wait_for 15 cli --timeout=1000 ping data || fail "data did not move to the other broker"
tty_shell_runs 'up hcm 15-12-2021' "Hồ Chí Minh, 15-12-2021: 1.270 new cases" \
    "the line typed before the failover, finished after it, runs" "lookup after the failover" "still signed in"

# The primary back (passive); then the active broker (the backup) stopped
# past the failover timeout while the shell sits at its prompt: its
# silence moves the shell to the primary, which takes over when a client
# comes to it (Binary Star) and no other client comes here
start_pair_broker primary --operator-key-file="$OPERATOR_KEY"
wait_for 10 grep -q "primary broker is now passive" "$TEST_TMP/primary.log" \
    || fail "the primary came back as: $(state_of primary)"
sleep 2
printf 'look' >&7
kill -STOP "$BACKUP_PID"
wait_for 20 bash -c "[ \$(grep -c 'the server restarted; reconnected' '$TEST_TMP/tty.log') -ge 2 ]" \
    && pass "a stopped broker: the move is told at the prompt, with no key pressed" \
    || fail "no notice at the idle prompt after the stall: $(cat "$TEST_TMP/tty.log")"
wait_for 10 tty_shell_listed --server="tcp://127.0.0.1:$P_FRONT" \
    && pass "the idle shell left the stopped broker for the one that took over, signed in" \
    || fail "the idle shell is not on the primary: $(cli_op --server="tcp://127.0.0.1:$P_FRONT" --raw clients)"
grep -c 'primary broker is now active' "$TEST_TMP/primary.log" | grep -q 2 \
    && pass "the primary took over" \
    || fail "no takeover: $(tail -5 "$TEST_TMP/primary.log")"
kill -CONT "$BACKUP_PID"
wait_for 15 cli --timeout=1000 ping data || fail "data did not move to the primary"
tty_shell_runs 'up hcm 16-12-2021' "Hồ Chí Minh, 16-12-2021: .* new cases" \
    "after the stall the line finished runs" "lookup after the stall" "still signed in after the stall"
tty_shell_exit
finish
