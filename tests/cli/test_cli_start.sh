# test_cli_start - the first minute: scripts/start.sh (what scripts/run.sh
# runs after building) waits for every service it started, prints the
# services as a table, and names a service that did not come up, with the
# end of its log; the README's next commands work at once. A broker in its
# first seconds holds a request for a service that has no instance yet.
source "$(dirname "$0")/cli_lib.sh"
export VC_NO_GUI=1

# A broker's first seconds: a request waits for the first instance
start_broker --services=echo,never
spawn early "$VC_BIN/vc-cli" ping echo
sleep 0.5
spawn echo "$VC_BIN/vc-echo-svc"
wait_for 5 grep -q "pong" "$TEST_TMP/early.log" \
    && pass "a request sent before the first instance registered is served" \
    || fail "early request: $(cat "$TEST_TMP/early.log")"
start=$(now_ms)
out=$(cli ping never 2>&1); rc=$?
took=$(( $(now_ms) - start ))
[ "$rc" -eq 1 ] && grep -q "service 'never' is unavailable: no instance is running" <<< "$out" \
    && pass "a service that never comes is unavailable when the first seconds are over ($took ms)" \
    || fail "never: exit $rc after $took ms: $out"
# (at once: within a second of a ping of the broker itself, measured now)
reference=$(cli_ms ping)
start=$(now_ms)
out=$(cli ping never 2>&1)
took=$(( $(now_ms) - start ))
[ "$took" -lt $(( reference + 1000 )) ] && pass "afterwards unavailable at once ($took ms, a ping of the broker $reference ms)" \
    || fail "afterwards: $took ms (a ping of the broker $reference ms): $out"
kill "$BROKER_PID"

# The whole system from start.sh, on this test's ports and folder
pick_ports
export VC_VAR=$TEST_TMP/var
out=$("$VC_SOURCE/scripts/start.sh" 2>&1); rc=$?
for pidfile in "$VC_VAR"/run/*.pid; do TEST_PIDS+=("$(cat "$pidfile")"); done   # killed whatever happens
[ "$rc" -eq 0 ] && grep -q "The system is running" <<< "$out" && pass "start.sh: the system is running" \
    || fail "start.sh (exit $rc): $out"
grep -q "clients: port $FRONTEND_PORT, events: port $EVENTS_OUT_PORT" <<< "$out" \
    && grep -q "log $VC_VAR/log/broker.log" <<< "$out" \
    && pass "start.sh names the ports and the folder in use" || fail "start.sh's ports or folder: $out"
grep -qE '^ +service +health +instances' <<< "$out" && grep -qE '^ +auth +up +1' <<< "$out" \
    && grep -qE '^ +data +up +1' <<< "$out" && grep -qE '^ +scraper +up +1' <<< "$out" \
    && ! grep -q '=>' <<< "$out" && pass "start.sh: every service up, as a table" || fail "services: $out"
check "the README's next command: signup" 0 "account created" cli signup alice a-long-password
check "and the lookup after it" 0 "^Hồ Chí Minh, 15-12-2021: 1.270 new cases" \
      cli --user alice --password a-long-password lookup "ho chi minh" 15-12-2021
"$VC_SOURCE/scripts/stop.sh" > /dev/null 2>&1

# A service that does not come up is named, with its log
BAD=$TEST_TMP/bin
mkdir -p "$BAD"
for program in "$VC_BIN"/vc-*; do ln -s "$program" "$BAD/"; done
rm "$BAD/vc-data-svc"
printf '#!/bin/sh\necho "vc-data-svc: cannot open the store: disk on fire" >&2\nexit 1\n' > "$BAD/vc-data-svc"
chmod +x "$BAD/vc-data-svc"
pick_ports
export VC_VAR=$TEST_TMP/var2
start=$(now_ms)
out=$(VC_BIN=$BAD "$VC_SOURCE/scripts/start.sh" 2>&1); rc=$?
for pidfile in "$VC_VAR"/run/*.pid; do TEST_PIDS+=("$(cat "$pidfile")"); done
took=$(( $(now_ms) - start ))
[ "$rc" -ne 0 ] && grep -q "start: data did not come up" <<< "$out" && grep -q "disk on fire" <<< "$out" \
    && ! grep -q "The system is running" <<< "$out" \
    && pass "start.sh names the service that did not come up, with its log ($took ms)" \
    || fail "start.sh with a failing service (exit $rc): $out"
"$VC_SOURCE/scripts/stop.sh" > /dev/null 2>&1
finish
