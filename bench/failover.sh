#!/usr/bin/env bash
# failover.sh [KILLS] [CLIENTS] - failover time of a pair of brokers: a
# primary and a backup on loopback with auth and data services, CLIENTS
# clients (default 20) signing in, then asking every 100 ms: data lookups,
# whoami and a sign-in every 20th request (vc-bench-failover), and KILLS
# times (default 10) kill -9 of the active broker, which is then started
# again (it comes back passive). vc-cli watch follows the pair's buses as a
# monitor does. For each kill the failover time of each client is the time
# from its last reply from the old broker run to its first from the new
# one; the kill's figure is the longest of them. Prints each kill (with the
# kind of the slowest client's first request answered by the new run and
# how long that call took, whether watch showed the failover separator,
# and the load average then),
# then p50 and max over the kills, the p50 over every client and kill, the
# requests and failed ones by kind (the first errors), and the machine's
# load average at the start and the end.
# Run from the source tree after a build: VC_BIN defaults to build/bin.
set -u
KILLS=${1:-10}
CLIENTS=${2:-20}
export VC_BIN=${VC_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/bin}
source "$(dirname "$0")/../tests/integration/pair_lib.sh"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
BROKER_ARGS=(--log-level=info --services=data,auth --costly-source-inflight=100000)
start_pair_broker primary "${BROKER_ARGS[@]}"
start_pair_broker backup "${BROKER_ARGS[@]}"
wait_for 10 grep -q "primary broker is now active" "$TEST_TMP/primary.log" || { echo "no active primary"; exit 1; }
mkdir -p "$TEST_TMP/var"
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/var/cases.db" --log-level=warn
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/var/auth.db" --pwhash-ops=1 --pwhash-mem=8
spawn watch "$VC_BIN/vc-cli" --events="$EVENTS_OUTS" watch broker.
spawn load "$VC_BIN/vc-bench-failover" --clients="$CLIENTS" --seconds=3600 --think=100
LOAD_PID=$LAST_PID
# (distinct users: each client also signs in again now and then)
all_signed_in () {
    [ "$(grep -o 'signed in as load[0-9]*$' "$TEST_TMP/auth.log" | sort -u | wc -l)" -ge "$CLIENTS" ]
}
wait_for 120 all_signed_in || echo "not every client signed in within 120 s"
sleep 3

active=primary
for kill in $(seq 1 "$KILLS"); do
    before=$(grep -c "^moved" "$TEST_TMP/load.log")
    if [ "$active" = primary ]; then pid=$PRIMARY_PID; other=backup; else pid=$BACKUP_PID; other=primary; fi
    separators=$(grep -c "^-- failover" "$TEST_TMP/watch.log")
    kill -9 "$pid"
    wait_for 20 bash -c "[ \$(grep -c '^moved' '$TEST_TMP/load.log') -ge $((before + CLIENTS)) ]" \
        || echo "kill $kill: only $(( $(grep -c '^moved' "$TEST_TMP/load.log") - before )) of $CLIENTS clients moved"
    times=$(grep "^moved" "$TEST_TMP/load.log" | tail -n +"$((before + 1))" | sed 's/.* ms=\([0-9]*\).*/\1/' | sort -n)
    echo "$times" >> "$TEST_TMP/all.txt"
    worst=$(tail -1 <<< "$times")
    echo "$worst" >> "$TEST_TMP/kills.txt"
    wait_for 5 bash -c "[ \$(grep -c '^-- failover' '$TEST_TMP/watch.log') -gt $separators ]" \
        && seen="watch showed the failover" || seen="NO failover separator in watch"
    # the slowest client's first reply from the new run: its kind, and how
    # long that call took (the rest of its time came before it was made)
    slowest=$(grep "^moved" "$TEST_TMP/load.log" | tail -n +"$((before + 1))" \
              | awk '{ms = $3; sub ("ms=", "", ms); if (ms + 0 >= max) { max = ms + 0; line = $6 " " $7 } } END { print line }')
    echo "kill $kill ($active): failover $worst ms (slowest of $(wc -l <<< "$times") clients, its call" \
         "${slowest:-?}; fastest $(head -1 <<< "$times") ms); $seen; load $(cut -d' ' -f1 /proc/loadavg)"
    start_pair_broker "$active" "${BROKER_ARGS[@]}"
    wait_for 10 bash -c "grep -o 'broker is now [a-z]*' '$TEST_TMP/$active.log' | tail -1 | grep -q passive"
    active=$other
    sleep 3
done
kill -TERM "$LOAD_PID"
wait_for 30 grep -q "^clients=" "$TEST_TMP/load.log"
p50 () { sort -n "$1" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "failover time over $KILLS kills of the active broker, $CLIENTS clients:" \
     "p50 $(p50 "$TEST_TMP/kills.txt") ms, max $(sort -n "$TEST_TMP/kills.txt" | tail -1) ms" \
     "(per client and kill: p50 $(p50 "$TEST_TMP/all.txt") ms)"
grep "^clients=" "$TEST_TMP/load.log"
grep "^kind=" "$TEST_TMP/load.log"
grep "^client [0-9]*:" "$TEST_TMP/load.log" | head -5
echo "failover separators shown by vc-cli watch: $(grep -c "^-- failover" "$TEST_TMP/watch.log") of $KILLS kills"
echo "load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
