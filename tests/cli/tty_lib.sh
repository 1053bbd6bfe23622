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
    TTY_USER=$1
    printf 'signin %s %s\r' "$1" "$2" >&7
    wait_for 10 grep -q "signed in" "$TEST_TMP/tty.log" || fail "no sign-in: $(cat "$TEST_TMP/tty.log")"
}

# tty_shell_listed [CLI ARGS...]: the shell is among a broker's clients,
# signed in (an operator's listing, on the broker ARGS name).
tty_shell_listed () {
    cli_op "$@" --raw clients | grep -q "\"kind\"=>\"cli\", \"username\"=>\"$TTY_USER\""
}

# tty_shell_runs LINE PATTERN PASSED FAILED SIGNED: the rest of a
# half-typed line sent; its answer (PATTERN) must come, with no new
# sign-in asked for; the texts of the three outcomes.
tty_shell_runs () {
    printf '%s\r' "$1" >&7
    wait_for 10 grep -q "$2" "$TEST_TMP/tty.log" && pass "$3" \
        || fail "$4: $(cat "$TEST_TMP/tty.log")"
    grep -q "error: sign in first" "$TEST_TMP/tty.log" && fail "the shell was asked to sign in again" \
        || pass "$5"
}

# tty_shell_exit: exit typed, the shell must end.
tty_shell_exit () {
    printf 'exit\r' >&7
    exec 7>&-
    wait_for 5 eval '! kill -0 "$TTY_PID" 2>/dev/null' && pass "exit leaves the shell" \
        || fail "the shell did not exit"
}
