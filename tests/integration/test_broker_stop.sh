# test_broker_stop - the broker stops cleanly on SIGTERM and Ctrl-C
# (SIGINT) with hundreds of clients connecting, idle or leaving, also when a
# second signal comes while it stops: exit status 0, "broker stopped" in its
# log, no assertion and no sanitizer report (in a VC_SANITIZE build).
# The clients are vc-bench-rr's idle clients (the client library, each on
# its own connection, heartbeats going).
source "$(dirname "$0")/lib.sh"
CLIENTS=${VC_TEST_STOP_CLIENTS:-300}

# The clients' connections may outnumber the default open-file limit
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# At least N clients connected, as the broker's log says
connected_at_least () { [ "$(grep -c ' connected from ' "$2")" -ge "$1" ]; }

# stop_case NAME WHEN SIGNAL...: a broker on fresh ports and $CLIENTS idle
# clients; WHEN the clients are connecting (a fifth connected), idle (all
# connected), or leaving (just after they start to close), the signals are
# sent 30 ms apart; the broker must then exit 0 within 20 s.
stop_case () {
    local name=$1 when=$2; shift 2
    pick_ports
    spawn "$name" "$VC_BIN/vc-broker" --log-level=info --source-max=0 --clients-max=10000
    local broker=$LAST_PID
    if ! wait_for 10 cli --timeout=500 ping; then fail "$name: the broker did not start"; return; fi
    spawn "$name-clients" "$VC_BIN/vc-bench-rr" --mode=idle --target=broker --endpoint="$FRONTEND" \
        --clients="$CLIENTS" --server-pid="$broker" --settle-ms=4000
    local clients=$LAST_PID
    case $when in
        connecting) wait_for 30 connected_at_least $((CLIENTS / 5)) "$TEST_TMP/$name.log" ;;
        idle)       wait_for 60 connected_at_least "$CLIENTS" "$TEST_TMP/$name.log" ;;
        leaving)    wait_for 60 grep -q '^IDLE' "$TEST_TMP/$name-clients.log" ;;
    esac || { fail "$name: the clients did not get $when"; return; }
    local connected
    connected=$(grep -c ' connected from ' "$TEST_TMP/$name.log")
    local signal first=1
    for signal in "$@"; do
        [ $first = 1 ] || sleep 0.03
        kill -"$signal" "$broker"; first=0
    done
    local waited=0
    while kill -0 "$broker" 2>/dev/null && [ $waited -lt 200 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$broker" 2>/dev/null; then
        fail "$name: the broker did not stop within 20 s of $*"
        kill -9 "$broker" 2>/dev/null
    fi
    local rc=0
    wait "$broker" 2>/dev/null || rc=$?
    kill "$clients" 2>/dev/null
    wait "$clients" 2>/dev/null
    local report
    report=$(grep -E "Assertion|AddressSanitizer|LeakSanitizer|runtime error|dangling" "$TEST_TMP/$name.log" | head -n 2)
    if [ "$rc" = 0 ] && grep -q "broker stopped" "$TEST_TMP/$name.log" && [ -z "$report" ]; then
        pass "$name: $* with $connected clients connected ($when): the broker stops cleanly"
    else
        fail "$name: $* with $connected clients connected ($when): exit status $rc; ${report:-no report}"
    fi
}

stop_case term-connecting connecting TERM
stop_case term-idle idle TERM
stop_case term-twice-idle idle TERM TERM
stop_case int-term-leaving leaving INT TERM
stop_case term-twice-connecting connecting TERM TERM
finish
