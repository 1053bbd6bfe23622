# test_cli_idle - the shell on a terminal waits for keys and for the
# broker in one loop: a signed-in shell left at its prompt, with half a
# command typed, for longer than the heartbeat expiry (3 s) is not dropped
# by the broker; when the broker restarts under it, it joins the new one
# and says so at once, without a key pressed, draws the prompt and the
# half-typed line again, and the line, finished, runs signed in.
source "$(dirname "$0")/cli_lib.sh"
source "$VC_SOURCE/tests/cli/tty_lib.sh"
start_system --operator-key-file="$OPERATOR_KEY"
export VC_HISTORY_FILE=$TEST_TMP/history

tty_shell_signin tester "$PW"

# Half a command typed, then nothing for twice the heartbeat expiry
printf 'look' >&7
sleep 6
grep -q "no heartbeat" "$TEST_TMP/broker.log" \
    && fail "the broker dropped the idle shell: $(grep "no heartbeat" "$TEST_TMP/broker.log")" \
    || pass "6 s at the prompt: the shell's heartbeats kept it connected"
tty_shell_listed && pass "the idle shell is listed, signed in" \
    || fail "idle shell not listed: $(cli_op --raw clients)"

# The broker restarts while the shell sits at the prompt
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker2 "$VC_BIN/vc-broker" --log-level=debug --operator-key-file="$OPERATOR_KEY"
BROKER_PID=$LAST_PID
wait_for 15 cli --timeout=1000 ping auth || fail "auth did not come back"
wait_for 10 grep -q "the server restarted; reconnected" "$TEST_TMP/tty.log" \
    && pass "the restart is told at the prompt, with no key pressed" \
    || fail "no restart notice at the idle prompt: $(cat "$TEST_TMP/tty.log")"
wait_for 10 tty_shell_listed \
    && pass "the idle shell joined the new broker, its session resumed" \
    || fail "the idle shell is not on the new broker: $(cli_op --raw clients)"
after=$(sed -n '/the server restarted; reconnected/,$p' "$TEST_TMP/tty.log")
grep -q "vc> look" <<< "$after" \
    && pass "the prompt and the half-typed line are drawn again after the notice" \
    || fail "no prompt after the notice: $after"

# Idle again past the expiry, then the line finished
sleep 4
grep -q "no heartbeat" "$TEST_TMP/broker2.log" \
    && fail "the new broker dropped the idle shell" || pass "idle on the new broker: kept"
wait_for 15 cli --timeout=1000 ping data || fail "data did not come back"
tty_shell_runs 'up hcm 15-12-2021' "Hồ Chí Minh, 15-12-2021: 1.270 new cases" \
    "the line typed before the restart, finished after it, runs" "lookup after the restart" "still signed in"
tty_shell_exit
finish
