# test_ports - the test library's free ports (tests/integration/ports.sh):
# a count of ports are that many different ports, a test never gets one
# port twice, also when it asks in $( ) subshells one at a time (a port
# handed out but not bound yet looks free: two brokers given it, one
# fails its bind), and with no port left it fails instead of looping.
source "$(dirname "$0")/lib.sh"

# distinct LIST: true if no number repeats in LIST
distinct () { [ "$(tr ' ' '\n' <<< "$1" | grep . | sort | uniq -d)" = "" ]; }
in_range () { local p; for p in $1; do [ "$p" -ge 12000 ] && [ "$p" -lt 32000 ] || return 1; done; }

ports=$(free_ports 30)
[ "$(wc -w <<< "$ports")" -eq 30 ] && pass "free_ports 30 hands out 30 ports" \
                                   || fail "free_ports 30 handed out $(wc -w <<< "$ports")"
distinct "$ports" && pass "the 30 are different" || fail "free_ports repeated a port"
in_range "$ports" && pass "below the ephemeral range" || fail "a port out of 12000..31999"

# One at a time in subshells, as '$(free_port)' callers do
one_by_one=""
for _ in $(seq 30); do one_by_one="$one_by_one $(free_port)"; done
distinct "$FRONTEND_PORT $BACKEND_PORT $EVENTS_IN_PORT $EVENTS_OUT_PORT $ports $one_by_one" \
    && pass "single picks repeat none of the test's ports" \
    || fail "a port handed out twice: $(tr ' ' '\n' <<< "$ports $one_by_one" | sort | uniq -d | head -5 | tr '\n' ' ')"

take_ports P1 P2 P3 P4 P5 P6 P7 P8 P9 P10
named="$P1 $P2 $P3 $P4 $P5 $P6 $P7 $P8 $P9 $P10"
[ "$(wc -w <<< "$named")" -eq 10 ] && distinct "$ports $one_by_one $named" \
    && pass "take_ports sets ten names to ten new ports" || fail "take_ports: $named"

before="$FRONTEND_PORT $BACKEND_PORT $EVENTS_IN_PORT $EVENTS_OUT_PORT"
pick_ports
after="$FRONTEND_PORT $BACKEND_PORT $EVENTS_IN_PORT $EVENTS_OUT_PORT"
distinct "$before $after $ports $one_by_one $named" && pass "pick_ports picks four new ports" \
                                                   || fail "pick_ports: $before / $after"

# Nearly every port handed out: the last few free ones are each handed out
# once (four random draws among four repeat one nine times in ten), then
# free_ports fails
cp "$PORTS_FILE" "$TEST_TMP/ports.kept"
seq 12000 31995 >> "$PORTS_FILE"
left=""
for port in $(seq 31996 31999); do
    grep -qx "$port" "$TEST_TMP/ports.kept" && continue
    ss -Htln "sport = :$port" | grep -q . || left="$left $port"
done
n_left=$(wc -w <<< "$left")
last=$(free_ports "$n_left")
[ "$(tr ' ' '\n' <<< "$last" | grep . | sort)" = "$(tr ' ' '\n' <<< "$left" | grep . | sort)" ] \
    && pass "the last $n_left free ports, each once" || fail "wanted $left, got $last"
check "no port left: free_ports fails" 1 "no 1 free ports left" free_ports 1
cp "$TEST_TMP/ports.kept" "$PORTS_FILE"
finish
