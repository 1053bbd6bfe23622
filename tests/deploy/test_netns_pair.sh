#!/usr/bin/env bash
# test_netns_pair - a primary/backup pair of brokers across hosts: the
# primary (10.78.0.1) and the backup (.2) each in a network namespace of
# their own, an echo service on a service host (.3) and clients on a client
# host (.10), on a private bridge that exists only in these namespaces.
# The link between the two brokers alone is cut while the clients still
# reach the primary: the backup stays passive (no split brain) and no
# request fails. Then the primary's host is cut off: the backup takes over
# when the clients come to it, the service follows, and no request fails
# as the clients see it. Then the primary's host comes back: the primary
# yields to the backup, which serves on, the echo instance on the primary's
# host is sent to the backup, the client stays, and no request fails.
# Needs root (ip netns); otherwise skipped (77).
set -u
NETNS_PREFIX=vcp
SUBNET=10.78.0
source "$(dirname "$0")/netns_lib.sh"

cleanup () {
    netns_cleanup
    [ "$TEST_FAILURES" -ne 0 ] && netns_show_logs 25 "$TEST_TMP"/*.log
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 1' INT TERM

state_of () { grep -o "broker is now [a-z]*" "$TEST_TMP/$1.log" | tail -1 | awk '{print $4}'; }

netns_switch
add_hosts primary:1 backup:2 service:3 client:10
pass "four hosts on a bridge: primary $SUBNET.1, backup .2, service .3, client .10"

A=$SUBNET.1
B=$SUBNET.2
for role in primary backup; do
    me=$A; peer=$B
    [ "$role" = backup ] && { me=$B; peer=$A; }
    spawn "$role" "$role" "$VC_BIN/vc-broker" --role="$role" --services=echo \
        --frontend="tcp://$me:5555" --backend="tcp://$me:5556" --events-in="tcp://$me:5557" \
        --events-out="tcp://$me:5558" --state="tcp://$me:5559" --peer="tcp://$peer:5559"
done
# Each broker's state events, heard on its own host
spawn primary watch-primary "$VC_BIN/vc-cli" --events="tcp://$A:5558" watch broker.
spawn backup watch-backup "$VC_BIN/vc-cli" --events="tcp://$B:5558" watch broker.
wait_for 10 grep -q "primary broker is now active" "$TEST_TMP/primary.log" \
    && wait_for 10 grep -q "backup broker is now passive" "$TEST_TMP/backup.log" \
    && pass "across hosts the primary is active, the backup passive" \
    || fail "states: primary $(state_of primary), backup $(state_of backup)"
spawn service echo "$VC_BIN/vc-echo-svc" --backend="tcp://$A:5556,tcp://$B:5556"
spawn primary echo-primary-host "$VC_BIN/vc-echo-svc" --backend="tcp://$A:5556,tcp://$B:5556"
wait_for 10 grep -q "registered with broker run" "$TEST_TMP/echo.log" \
    && wait_for 10 grep -q "registered with broker run" "$TEST_TMP/echo-primary-host.log" \
    && pass "the echo instances of the service host and of the primary's host registered" \
    || fail "echo did not register"
# A client on the client host: a shell that lists both brokers
mkfifo "$TEST_TMP/shell.in"
on client "$VC_BIN/vc-cli" --server="tcp://$A:5555,tcp://$B:5555" shell \
    < "$TEST_TMP/shell.in" > "$TEST_TMP/shell.out" 2>&1 &
PIDS+=("$!")
exec 7> "$TEST_TMP/shell.in"
ask () { echo "call echo echo text=$1" >&7; wait_for 20 grep -q "$1" "$TEST_TMP/shell.out"; }
ask before-cut && pass "the client host is served through the primary" || fail "no answer: $(tail -2 "$TEST_TMP/shell.out")"

# The link between the two brokers alone is cut (each drops the other's
# packets); the clients still reach the primary
on primary ip route add blackhole "$B/32"
on backup ip route add blackhole "$A/32"
for i in 1 2 3 4 5 6 7 8; do ask "during-cut-$i" || fail "request $i during the broker link cut"; sleep 0.5; done
wait_for 5 grep -q "the peer .* is silent" "$TEST_TMP/backup.log" && pass "the backup no longer hears the primary" \
    || fail "the backup still hears the primary: the cut did not hold"
[ "$(state_of backup)" = passive ] && [ "$(state_of primary)" = active ] \
    && ! grep -q "broker is now active" "$TEST_TMP/backup.log" \
    && pass "link between the brokers cut: the backup stays passive, the primary serves" \
    || fail "after the link cut: primary $(state_of primary), backup $(state_of backup)"
on primary ip route del blackhole "$B/32"
on backup ip route del blackhole "$A/32"
sleep 2

# The primary's host is cut off: the backup takes over
link primary down
ask after-host-cut && pass "the client is served again after the primary's host was cut off" \
    || fail "no answer after the primary's host was cut: $(tail -3 "$TEST_TMP/shell.out")"
wait_for 10 grep -q "backup broker is now active" "$TEST_TMP/backup.log" \
    && pass "the backup took over" || fail "backup: $(state_of backup)"
wait_for 5 grep -q "failover" "$TEST_TMP/backup.log" && pass "the backup logged the failover" || fail "no failover in the log"
grep -qE "error|server not responding|gone" "$TEST_TMP/shell.out" \
    && fail "a request failed: $(grep -E 'error|not responding|gone' "$TEST_TMP/shell.out" | head -3)" \
    || pass "no request failed as the client saw it"

# The primary's host comes back: the backup, which took over, serves on;
# the primary yields (docs/deploy.md, "Two brokers": it stays passive until
# the backup fails), and the echo instance of its own host, which stayed
# with it through the cut, is sent to the backup; the client does not move
BACKUP_RUN=$(sed -n 's/.*broker run \([0-9a-f]*\): clients.*/\1/p' "$TEST_TMP/backup.log")
moves=$(grep -c "the server restarted" "$TEST_TMP/shell.out")
link primary up
wait_for 15 grep -q "primary broker is now passive" "$TEST_TMP/primary.log" \
    && pass "the primary, back, yields: $(grep -o 'primary broker is now passive.*' "$TEST_TMP/primary.log" | tail -1)" \
    || fail "the primary did not stand by: $(grep -o 'broker is now .*' "$TEST_TMP/primary.log" | tail -2)"
for i in 1 2 3 4 5 6; do ask "after-return-$i" || fail "no answer to request $i after the primary's host came back"; sleep 0.5; done
[ "$(state_of primary)" = passive ] && [ "$(state_of backup)" = active ] \
    && ! sed -n '/backup broker is now active/,$p' "$TEST_TMP/backup.log" | grep -q "broker is now passive" \
    && pass "the backup serves on, the primary stays passive" \
    || fail "after the primary came back: primary $(state_of primary), backup $(state_of backup)"
wait_for 10 grep -q "registered with broker run $BACKUP_RUN" "$TEST_TMP/echo-primary-host.log" \
    && pass "the primary host's echo instance moved to the backup" \
    || fail "the primary host's echo did not move: $(tail -3 "$TEST_TMP/echo-primary-host.log")"
ask after-return-last || fail "no answer after the primary host's echo moved"
[ "$(grep -c "the server restarted" "$TEST_TMP/shell.out")" = "$moves" ] \
    && pass "the client stayed on the backup" || fail "the client moved: $(tail -3 "$TEST_TMP/shell.out")"
grep -qE "error|server not responding|gone" "$TEST_TMP/shell.out" \
    && fail "a request failed: $(grep -E 'error|not responding|gone' "$TEST_TMP/shell.out" | head -3)" \
    || pass "no request failed as the client saw it after the primary came back"
# Both brokers' state events: the backup published no broker.passive after
# it took over, the primary its broker.passive
awk '$3 == "broker.active" {a=1} a && $3 == "broker.passive" {bad=1} END {exit bad || !a}' "$TEST_TMP/watch-backup.log" \
    && grep -q "broker.passive .*cut off" "$TEST_TMP/watch-primary.log" \
    && pass "state events: the backup stayed active, the primary published broker.passive" \
    || fail "state events: $(cat "$TEST_TMP/watch-primary.log" "$TEST_TMP/watch-backup.log")"
exec 7>&-
echo "$TEST_PASSES passed, $TEST_FAILURES failed"
[ "$TEST_FAILURES" -eq 0 ]
