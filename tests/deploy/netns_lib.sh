# netns_lib.sh - hosts as network namespaces on a private bridge, for the
# multi-host tests: one namespace holds the switch (bridge br0), each host
# has a namespace of its own whose eth0 is one end of a veth pair, the
# other end being the host's port on the switch (its cable, as it were).
# Every name carries NETNS_PREFIX and this run's id, so runs at the same
# time never collide; leftovers of a killed earlier run are removed.
#
# Set NETNS_PREFIX (e.g. vc) and SUBNET (e.g. 10.77.0) before sourcing it.
# It ends the test as skipped (77) where namespaces cannot be made (not
# root, no ip command, no namespaces or bridges here). It gives ID, SWITCH,
# TEST_TMP, HOSTS, PIDS, TEST_PASSES, TEST_FAILURES and the functions
# below; the test's own cleanup calls netns_cleanup.
VC_BIN=${VC_BIN:?VC_BIN must point at the build bin directory}
# Only what the test passes on reaches the programs.
for var in $(compgen -e | grep '^VC_' | grep -vxE 'VC_BIN|VC_SOURCE'); do unset "$var"; done

skip () { echo "SKIPPED - $*"; exit 77; }     #  CTest SKIP_RETURN_CODE
[ "$(id -u)" -eq 0 ] || skip "network namespaces need root (this test runs as uid $(id -u))"
command -v ip > /dev/null || skip "no 'ip' command (Debian package iproute2)"

ID=$$                                   #  Unique names: parallel runs never collide
SWITCH=${NETNS_PREFIX}sw-$ID            #  The namespace that holds the bridge
TEST_TMP=$(mktemp -d "/tmp/$NETNS_PREFIX-netns.XXXXXX")
HOSTS=()                                #  Namespaces made so far
PIDS=()                                 #  Processes started so far
TEST_PASSES=0
TEST_FAILURES=0

pass () { TEST_PASSES=$((TEST_PASSES + 1)); echo "ok - $*"; }
fail () { TEST_FAILURES=$((TEST_FAILURES + 1)); echo "FAILED - $*"; }
now_ms () { echo $(( $(date +%s%N) / 1000000 )); }

# wait_for SECONDS COMMAND...: wait until the command succeeds, at most that long.
wait_for () {
    local limit=$1; shift
    local end=$(( $(now_ms) + limit * 1000 ))
    while [ "$(now_ms)" -lt "$end" ]; do
        "$@" > /dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# netns_cleanup: end every process started here and in the hosts, remove
# the namespaces and any veth end left in the root namespace.
netns_cleanup () {
    local pid ns link
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 0.3
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for ns in "${HOSTS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    done
    wait 2>/dev/null
    for ns in "${HOSTS[@]}"; do ip netns del "$ns" 2>/dev/null; done
    for link in $(ip -o link show 2>/dev/null | grep -oE "$NETNS_PREFIX[hs][0-9]+-$ID\b" | sort -u); do
        ip link del "$link" 2>/dev/null
    done
}

# netns_show_logs LINES FILE...: the last lines of each file that exists.
netns_show_logs () {
    local lines=$1 log; shift
    for log in "$@"; do
        [ -f "$log" ] && { echo "--- $log"; tail -n "$lines" "$log"; }
    done
}

# netns_switch: the switch's namespace and its bridge, after removing the
# namespaces of an earlier run whose process is gone.
netns_switch () {
    local ns pid
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' \
                | grep -E "^$NETNS_PREFIX(sw|-[a-z0-9]+)-[0-9]+\$"); do
        kill -0 "${ns##*-}" 2>/dev/null && continue
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null && echo "removed namespace $ns of an earlier run"
    done
    ip netns add "$SWITCH" 2> "$TEST_TMP/netns.err" \
        || skip "cannot create network namespaces here: $(cat "$TEST_TMP/netns.err")"
    HOSTS+=("$SWITCH")
    ip -n "$SWITCH" link add br0 type bridge forward_delay 0 2> "$TEST_TMP/netns.err" \
        && ip -n "$SWITCH" link set br0 up 2>> "$TEST_TMP/netns.err" \
        || skip "cannot create a bridge in a namespace: $(cat "$TEST_TMP/netns.err")"
}

# add_host ROLE INDEX: namespace $NETNS_PREFIX-ROLE-ID with eth0 =
# $SUBNET.INDEX/24, linked by a veth pair to the switch port named ROLE.
add_host () {
    local role=$1 index=$2 ns=$NETNS_PREFIX-$1-$ID
    local inner=${NETNS_PREFIX}h$2-$ID outer=${NETNS_PREFIX}s$2-$ID
    ip netns add "$ns" || return 1
    HOSTS+=("$ns")
    ip link add "$inner" type veth peer name "$outer" || return 1
    ip link set "$inner" netns "$ns" && ip link set "$outer" netns "$SWITCH" || return 1
    ip -n "$ns" link set "$inner" name eth0 || return 1
    ip -n "$ns" addr add "$SUBNET.$index/24" dev eth0 || return 1
    ip -n "$ns" link set lo up && ip -n "$ns" link set eth0 up || return 1
    ip -n "$SWITCH" link set "$outer" name "$role" || return 1
    ip -n "$SWITCH" link set "$role" master br0 && ip -n "$SWITCH" link set "$role" up
}

# add_hosts ROLE:INDEX...: every host, or the test ends as skipped.
add_hosts () {
    local host
    for host in "$@"; do
        add_host "${host%%:*}" "${host##*:}" 2> "$TEST_TMP/netns.err" \
            || skip "cannot set up veth links between namespaces: $(cat "$TEST_TMP/netns.err")"
    done
}

# link ROLE up|down: the switch port of that host.
link () { ip -n "$SWITCH" link set "$1" "$2"; }

# on ROLE COMMAND...: run a command on that host.
on () { local ns=$NETNS_PREFIX-$1-$ID; shift; ip netns exec "$ns" "$@"; }

# spawn ROLE NAME COMMAND...: a background process on that host, its
# output in NAME.log; its pid in LAST_PID.
spawn () {
    local role=$1 name=$2; shift 2
    ip netns exec "$NETNS_PREFIX-$role-$ID" "$@" >> "$TEST_TMP/$name.log" 2>&1 &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}
