# pair_lib.sh - a primary/backup pair of brokers on loopback for the
# failover tests: ports for both, starting either broker again, services
# and clients given both addresses, and a watcher of each broker's events.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

take_ports P_FRONT P_BACK P_IN P_OUT P_STATE B_FRONT B_BACK B_IN B_OUT B_STATE
SERVERS=tcp://127.0.0.1:$P_FRONT,tcp://127.0.0.1:$B_FRONT
BACKENDS=tcp://127.0.0.1:$P_BACK,tcp://127.0.0.1:$B_BACK
EVENTS_INS=tcp://127.0.0.1:$P_IN,tcp://127.0.0.1:$B_IN
EVENTS_OUTS=tcp://127.0.0.1:$P_OUT,tcp://127.0.0.1:$B_OUT
export VC_SERVER=$SERVERS VC_BACKEND=$BACKENDS VC_EVENTS_IN=$EVENTS_INS VC_EVENTS_OUT=$EVENTS_OUTS
export VC_FRONTEND=$SERVERS
unset VC_EVENTS             # watch derives both buses from the list

# start_pair_broker primary|backup [ARGS...]: sets PRIMARY_PID or BACKUP_PID.
start_pair_broker () {
    local role=$1; shift
    local me=P peer=B
    [ "$role" = backup ] && { me=B; peer=P; }
    local front=${me}_FRONT back=${me}_BACK in=${me}_IN out=${me}_OUT state=${me}_STATE peer_state=${peer}_STATE
    spawn "$role" "$VC_BIN/vc-broker" --log-level=debug --role="$role" \
        --frontend="tcp://127.0.0.1:${!front}" --backend="tcp://127.0.0.1:${!back}" \
        --events-in="tcp://127.0.0.1:${!in}" --events-out="tcp://127.0.0.1:${!out}" \
        --state="tcp://127.0.0.1:${!state}" --peer="tcp://127.0.0.1:${!peer_state}" "$@"
    if [ "$role" = primary ]; then PRIMARY_PID=$LAST_PID; else BACKUP_PID=$LAST_PID; fi
}

# watch_broker primary|backup: its state events, in $TEST_TMP/watch-ROLE.log.
watch_broker () {
    local out=P_OUT
    [ "$1" = backup ] && out=B_OUT
    spawn "watch-$1" "$VC_BIN/vc-cli" --events="tcp://127.0.0.1:${!out}" watch broker.
}

# start_pair [ARGS...]: both brokers with ARGS and a watcher of each one's
# state events; passes when the primary went active and the backup passive.
start_pair () {
    start_pair_broker primary "$@"
    start_pair_broker backup "$@"
    watch_broker primary
    watch_broker backup
    wait_for 10 grep -q "primary broker is now active" "$TEST_TMP/primary.log" \
        && pass "the primary is active" || fail "primary: $(tail -3 "$TEST_TMP/primary.log")"
    wait_for 10 grep -q "backup broker is now passive" "$TEST_TMP/backup.log" \
        && pass "the backup is passive" || fail "backup: $(tail -3 "$TEST_TMP/backup.log")"
}

# kill_primary SECONDS: kill -9 of the primary; passes when the backup took
# over within SECONDS.
kill_primary () {
    kill -9 "$PRIMARY_PID"
    wait_for "$1" grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
        && pass "the backup took over after kill -9 of the primary" \
        || fail "no takeover: $(tail -5 "$TEST_TMP/backup.log")"
}

# start_load SECONDS WAIT: CLIENTS clients of vc-bench-failover (lookups,
# whoami, sign-ins) for SECONDS (LOAD_PID); passes when every one of their
# distinct users signed in within WAIT seconds (each client also signs in
# again now and then).
signed_in () { grep -o 'client .* signed in as load[0-9]*$' "$TEST_TMP/auth.log" | awk '{print $NF}' | sort -u | wc -l; }
all_signed_in () { [ "$(signed_in)" -ge "$CLIENTS" ]; }
start_load () {
    spawn load "$VC_BIN/vc-bench-failover" --clients="$CLIENTS" --seconds="$1" --think=100
    LOAD_PID=$LAST_PID
    wait_for "$2" all_signed_in \
        && pass "$CLIENTS clients signed in" || fail "only $(signed_in) of the $CLIENTS users signed in"
}

# state_of ROLE: the last state its log reports (active, passive, ...).
state_of () {
    grep -o "broker is now [a-z]*" "$TEST_TMP/$1.log" | tail -1 | awk '{print $4}'
}
