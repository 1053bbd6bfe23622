# tty_lib.sh - a signed-in vc-cli shell on a pseudo-terminal for the tests
# of an idle prompt: its keys go through a FIFO on descriptor 7, what it
# draws to $TEST_TMP/tty.log. Sourced after a test library (lib.sh).

# tty_shell_signin USER PASSWORD: the shell started and signed in (TTY_PID).
tty_shell_signin () {
    mkfifo "$TEST_TMP/tty.in"
    script -qefc "$(printf '%q ' "$VC_BIN/vc-cli" shell)" /dev/null \
        < "$TEST_TMP/tty.in" > "$TEST_TMP/tty.log" 2>&1 &
    TTY_PID=$!
    TEST_PIDS+=("$TTY_PID")
    exec 7> "$TEST_TMP/tty.in"
    wait_for 10 grep -q "> " "$TEST_TMP/tty.log" || fail "no prompt: $(cat "$TEST_TMP/tty.log")"
    printf 'signin %s %s\r' "$1" "$2" >&7
    wait_for 10 grep -q "signed in" "$TEST_TMP/tty.log" || fail "no sign-in: $(cat "$TEST_TMP/tty.log")"
}
