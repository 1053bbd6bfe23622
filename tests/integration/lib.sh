# lib.sh - helpers for integration tests: real processes on loopback ports,
# waiting for them, checking results, and cleaning up whatever happens.
# Source it from a test script; VC_BIN points at the build's bin/ folder.
# Sourced twice (by two helper files, e.g. lib_ui.sh and pair_lib.sh), the
# second time does nothing.
[ -n "${VC_TEST_LIB_LOADED:-}" ] && return 0
VC_TEST_LIB_LOADED=1
set -u
VC_BIN=${VC_BIN:?VC_BIN must point at the build bin directory}
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# The test's folder: logs, keys, data. Removed at exit unless the test
# failed or VC_TEST_KEEP is set; then its path is printed.
TEST_TMP=$(mktemp -d /tmp/vc-test.XXXXXX)
TEST_PIDS=()
TEST_FAILURES=0
TEST_PASSES=0
TEST_SKIPS=0
TEST_CLEANUPS=()        # commands run at exit after the processes are gone

cleanup () {
    local status=$?         # the script's exit status, before any step here
    set +e      # every step runs, in scripts with set -e too (the benchmarks)
    for pid in "${TEST_PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; done
    sleep 0.2
    for pid in "${TEST_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    wait 2>/dev/null
    local hook
    for hook in "${TEST_CLEANUPS[@]}"; do $hook; done
    if [ "$TEST_FAILURES" -ne 0 ] || { [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; }; then
        for log in "$TEST_TMP"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }; done
        # A failed run keeps its folder (every log in full) and says where
        echo "logs kept in $TEST_TMP"
        return
    fi
    [ -n "${VC_TEST_KEEP:-}" ] && { echo "logs kept in $TEST_TMP (VC_TEST_KEEP)"; return; }
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# free_ports COUNT, free_port, take_ports NAME...: ports no program of the
# test listens on, never one twice in a test
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"
PORTS_FILE=$TEST_TMP/ports

# Pick the broker's four ports and export them for every program.
pick_ports () {
    take_ports FRONTEND_PORT BACKEND_PORT EVENTS_IN_PORT EVENTS_OUT_PORT
    FRONTEND=tcp://127.0.0.1:$FRONTEND_PORT
    BACKEND=tcp://127.0.0.1:$BACKEND_PORT
    EVENTS_IN=tcp://127.0.0.1:$EVENTS_IN_PORT
    EVENTS_OUT=tcp://127.0.0.1:$EVENTS_OUT_PORT
    export VC_FRONTEND=$FRONTEND VC_BACKEND=$BACKEND VC_EVENTS_IN=$EVENTS_IN VC_EVENTS_OUT=$EVENTS_OUT
    export VC_SERVER=$FRONTEND VC_EVENTS=$EVENTS_OUT
}
pick_ports

# Start a program in the background, logging to $TEST_TMP/NAME.log; sets LAST_PID.
spawn () {
    local name=$1; shift
    "$@" >> "$TEST_TMP/$name.log" 2>&1 &
    LAST_PID=$!
    TEST_PIDS+=("$LAST_PID")
}

# wait_port PORT: until a program listens on 127.0.0.1:PORT; fails after 10 s
wait_port () {
    for _ in $(seq 1 100); do ( : < "/dev/tcp/127.0.0.1/$1" ) 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

# need NAME...: every NAME is here, else the script says which is missing
# and ends: vc-* a program of the build in $VC_BIN (exit 1; scripts/setup.sh
# builds it), any other a tool on PATH, written TOOL or TOOL:PACKAGE (the
# Debian package that has it, if not TOOL; exit 77, cannot run here).
need () {
    local name tool
    for name in "$@"; do
        tool=${name%%:*}
        case $name in
            vc-*) [ -x "$VC_BIN/$name" ] \
                      || { echo "${0##*/}: $VC_BIN/$name is missing (scripts/setup.sh)"; exit 1; } ;;
            *) command -v "$tool" > /dev/null \
                   || { echo "${0##*/}: $tool is missing (Debian package ${name#*:})"; exit 77; } ;;
        esac
    done
}

cli () { "$VC_BIN/vc-cli" "$@"; }
# The operator key of the test's brokers that are given it
# (--operator-key-file="$OPERATOR_KEY"), and the CLI holding it: 'clients'
# and 'shutdown' are for operators only.
OPERATOR_KEY=$TEST_TMP/operator.key
echo "operator-key-$$-$RANDOM$RANDOM" > "$OPERATOR_KEY"
cli_op () { "$VC_BIN/vc-cli" --operator-key-file="$OPERATOR_KEY" "$@"; }

# Wait until a command succeeds, at most $1 seconds.
wait_for () {
    local limit=$1; shift
    local end=$(( $(date +%s%N) + limit * 1000000000 ))
    while [ "$(date +%s%N)" -lt "$end" ]; do
        if "$@" > /dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    return 1
}

# Start the broker; if a port was taken meanwhile, try again on fresh ports.
# A broker that cannot start ends the test at once.
start_broker () {
    local attempt
    for attempt in 1 2 3; do
        spawn broker "$VC_BIN/vc-broker" --log-level=debug "$@"
        BROKER_PID=$LAST_PID
        if wait_for 10 cli --timeout=500 ping; then return 0; fi
        kill "$BROKER_PID" 2>/dev/null
        grep -q "cannot bind" "$TEST_TMP/broker.log" || break
        echo "broker could not bind (attempt $attempt), picking other ports"
        mv "$TEST_TMP/broker.log" "$TEST_TMP/broker-attempt$attempt.log"
        pick_ports
    done
    fail "broker did not start"
    exit 1
}

# Start a service and wait until the broker routes to it.
start_service () {
    local name=$1 service=$2; shift 2
    spawn "$name" "$@"
    LAST_SERVICE_PID=$LAST_PID
    wait_for 20 cli --timeout=1000 ping "$service" || fail "$name did not register as $service"
}

pass () { TEST_PASSES=$((TEST_PASSES + 1)); echo "ok - $*"; }
fail () { TEST_FAILURES=$((TEST_FAILURES + 1)); echo "FAILED - $*"; }
# A part of the test that cannot run here: the test ends as skipped (exit 77,
# CTest's SKIP_RETURN_CODE) unless something failed.
skip_part () { TEST_SKIPS=$((TEST_SKIPS + 1)); echo "SKIPPED (part) - $*"; }
# The whole test cannot run here: stop now as skipped.
skip_all () { echo "SKIPPED - $*"; exit 77; }

# check NAME EXPECTED_EXIT PATTERN COMMAND...: run, compare exit code, grep
# PATTERN in stdout+stderr.
check () {
    local name=$1 want=$2 pattern=$3; shift 3
    local out rc
    out=$("$@" 2>&1); rc=$?
    if [ "$rc" -eq "$want" ] && grep -qE -- "$pattern" <<< "$out"; then
        pass "$name"
    else
        fail "$name (exit $rc, want $want; output: $(head -c 400 <<< "$out"))"
    fi
}

# open_shell NAME FD [OPTIONS...]: a 'vc-cli [OPTIONS] shell' reading the
# fifo opened on FD; its output goes to $TEST_TMP/NAME.out; sets SHELL_PID.
open_shell () {
    local name=$1 fd=$2; shift 2
    mkfifo "$TEST_TMP/$name.in"
    "$VC_BIN/vc-cli" "$@" shell < "$TEST_TMP/$name.in" > "$TEST_TMP/$name.out" 2>&1 &
    SHELL_PID=$!
    TEST_PIDS+=("$SHELL_PID")
    eval "exec $fd> \"$TEST_TMP/$name.in\""
}

# Milliseconds since the epoch.
now_ms () { echo $(( $(date +%s%N) / 1000000 )); }

# cli_ms ARGS...: milliseconds one vc-cli run with ARGS takes (its output
# dropped): the reference a time bound of a vc-cli run is measured against
# in the same run, so that a machine busy with other work (a process start
# and a round trip of hundreds of ms) widens the bound with it.
cli_ms () {
    local start
    start=$(now_ms)
    "$VC_BIN/vc-cli" "$@" > /dev/null 2>&1
    echo $(( $(now_ms) - start ))
}

# The test's result: failed (1) if any check failed, else skipped (77) if a
# part could not run, else passed (0).
finish () {
    echo "$TEST_PASSES passed, $TEST_FAILURES failed, $TEST_SKIPS skipped"
    [ "$TEST_FAILURES" -eq 0 ] || return 1
    [ "$TEST_SKIPS" -eq 0 ] || return 77
}

# The store backend of this run: VC_TEST_DB=sqlite (default) or postgresql
# (the same test registered twice; see tests/integration/pg.sh).
VC_TEST_DB=${VC_TEST_DB:-sqlite}
source "$VC_SOURCE/tests/integration/pg.sh"

# test_db VAR NAME: set VAR to the address of an empty store NAME of this
# run's backend: a SQLite file under $TEST_TMP/var, or a database of the
# test's own PostgreSQL server (started at the first call).
test_db () {
    local var=$1 name=$2
    if [ "$VC_TEST_DB" = postgresql ]; then
        [ -n "$PG_PORT" ] || pg_start
        pg_createdb "$name" || { fail "cannot create database $name"; exit 1; }
        printf -v "$var" '%s' "$(pg_address "$name")"
    else
        printf -v "$var" '%s' "$TEST_TMP/var/$name.db"
    fi
}

# db_sql ADDRESS SQL: run SQL on a store of either backend, rows on stdout
# ('|' between columns).
db_sql () {
    case $1 in
        postgresql://*) psql -X -q -tA -v ON_ERROR_STOP=1 -d "$1" -c "$2" ;;
        *) sqlite3 -batch -noheader "$1" "$2" ;;
    esac
}
