# auth_lib.sh - helpers shared by the auth integration tests: the common
# integration library, an auth store of the run's backend (a SQLite file in
# the test folder, or a PostgreSQL database when VC_TEST_DB=postgresql), auth
# instances, and long-lived CLI shells fed through fifos.
source "${VC_SOURCE:?VC_SOURCE must point at the source tree}/tests/integration/lib.sh"

test_db AUTH_DB auth

# start_auth_broker [ARGS...]: a broker, on fresh ports if the chosen ones
# were taken meanwhile by another program ("cannot bind").
start_auth_broker () { start_broker "$@"; }

# start_auth NAME [ARGS...]: an auth instance on the shared store.
start_auth () {
    local name=$1; shift
    start_service "$name" auth "$VC_BIN/vc-auth-svc" --db="$AUTH_DB" --log-level=debug "$@"
    AUTH_PID=$LAST_SERVICE_PID
}

# count NAME PATTERN: lines of a shell's output matching PATTERN.
count () { grep -cE -- "$2" "$TEST_TMP/$1.out" 2>/dev/null || true; }

# expect_count SECONDS NAME PATTERN N: wait until PATTERN shows N times.
expect_count () {
    local limit=$1 name=$2 pattern=$3 want=$4
    wait_for "$limit" bash -c "[ \"\$(grep -cE -- '$pattern' '$TEST_TMP/$name.out')\" -ge $want ]"
}

# send NAME FD COMMAND...: give a shell one command and wait for its answer
# (one line at a time: the shell reads its input line by line as it polls).
send () {
    local name=$1 fd=$2; shift 2
    local before
    before=$(wc -l < "$TEST_TMP/$name.out")
    echo "$*" >&"$fd"
    wait_for 10 bash -c "[ \$(wc -l < '$TEST_TMP/$name.out') -gt $before ]"
}
