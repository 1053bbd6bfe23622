# cli_lib.sh - helpers of the command-line client's tests: a broker with
# the real auth and data services on loopback, an account, and running a
# command on a pseudo-terminal (for colours and prompts).
source "$VC_SOURCE/tests/integration/lib.sh"
AUTH_DB=$TEST_TMP/var/auth.db
DATA_DB=$TEST_TMP/var/cases.db
PW=cli-test-password

# start_system: broker, auth and data; an account "tester".
start_system () {
    start_broker "$@"
    start_service auth auth "$VC_BIN/vc-auth-svc" --db="$AUTH_DB"
    start_service data data "$VC_BIN/vc-data-svc" --db="$DATA_DB" --data-dir="$VC_SOURCE/data"
    cli signup tester "$PW" > /dev/null 2>&1 || fail "sign up tester"
}

# on_tty COMMAND...: run the command on a pseudo-terminal; its output (both
# streams, with the terminal's line ends) on stdout.
on_tty () {
    local line
    printf -v line '%q ' "$@"
    script -qefc "$line" /dev/null < /dev/null
}

# elapsed_ms COMMAND...: run it (output dropped), print how long it took.
elapsed_ms () {
    local start; start=$(now_ms)
    "$@" > /dev/null 2>&1
    echo $(( $(now_ms) - start ))
}

# same NAME WANT GOT: exact comparison.
same () {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}
