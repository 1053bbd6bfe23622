# test_clients_list - who is online is for operators only: the broker's
# 'clients' operation answers 403 without the operator key (anonymous,
# wrong key, or a broker that has none), and with it lists every client in
# pages (at most 200 rows, each page under 64 KiB): the clients held
# connected are all listed by 'vc-cli clients', each once. 1,500 clients
# by default (8 pages); VC_TEST_CLIENTS_HELD=4500 for the 4,500 of
# docs/security.md (23 pages; the broker needs an unloaded machine to
# take 4,500 connections at this pace).
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

HELD=${VC_TEST_CLIENTS_HELD:-1500}
# One address holds them all: no per-address cap on connections here; a
# liveness that a loaded machine keeps (the clients' heartbeats are late
# while thousands connect)
start_broker --services=echo --operator-key-file="$OPERATOR_KEY" --source-max=0 --liveness=20

check "anonymous clients is refused" 1 "wrong operator key.*403" cli --raw call broker clients
check "clients with a wrong key is refused" 1 "wrong operator key.*403" cli --raw call broker clients key=not-the-key
check "the CLI asks for the key" 2 "operator-key-file" cli clients
check "with the key, clients lists the client asking" 0 "cli" cli_op clients

# Processes of at most 300 clients each connect side by side (one after
# the other, a loaded machine takes minutes)
HOLDERS=$(( (HELD + 299) / 300 ))
PER=$(( (HELD + HOLDERS - 1) / HOLDERS ))
HOLD_PIDS=()
for i in $(seq 1 $HOLDERS); do
    n=$(( HELD - (i - 1) * PER )); [ "$n" -gt "$PER" ] && n=$PER
    spawn hold$i "$VC_BIN/vc-sec-probe" hold "$FRONTEND" "$n" 150
    HOLD_PIDS+=("$LAST_PID")
done
wait_for 150 bash -c "[ \$(cat '$TEST_TMP'/hold*.log | grep -c '^holding=') -eq $HOLDERS ]" \
    || fail "the clients did not connect: $(cat "$TEST_TMP"/hold*.log | tr '\n' ' ')"
holding=$(cat "$TEST_TMP"/hold*.log | sed -n 's/^holding=//p' | paste -sd+ | bc)
[ "${holding:-0}" -eq "$HELD" ] && pass "$HELD clients connected" \
    || fail "not all clients connected: ${holding:-0} of $HELD"

started=$(now_ms)
cli_op --timeout=10000 clients > "$TEST_TMP/list.txt" 2> "$TEST_TMP/list.err"
rc=$?
took=$(( $(now_ms) - started ))
listed=$(grep -c " probe " "$TEST_TMP/list.txt")
[ "$rc" -eq 0 ] && [ "$listed" -eq "$HELD" ] && pass "vc-cli clients lists all $HELD clients" \
    || fail "vc-cli clients: exit $rc, $listed of $HELD listed: $(head -c 300 "$TEST_TMP/list.err")"
ids=$(awk 'NR > 1 { print $1 }' "$TEST_TMP/list.txt" | sort | uniq -d | wc -l)
[ "$ids" -eq 0 ] && pass "no client is listed twice" || fail "$ids clients listed twice"

# The pages as they come: at most 200 rows each, none over 64 KiB
cli_op --raw --timeout=10000 clients > "$TEST_TMP/raw.txt" 2>&1
pages=$(grep -c '"total"=>' "$TEST_TMP/raw.txt")
want_pages=$(( (HELD + 1 + 199) / 200 ))
[ "$pages" -eq "$want_pages" ] && pass "listed in $pages pages of at most 200" \
    || fail "$pages pages, $want_pages expected"
largest=$(awk '/"total"=>/ { if (length ($0) > max) max = length ($0) } END { print max + 0 }' "$TEST_TMP/raw.txt")
[ "$largest" -lt 65536 ] && pass "the largest page prints in $largest bytes (< 64 KiB)" \
    || fail "a page of $largest bytes"
check "a limit of 1 gives one row and more" 0 '"more"=>true' cli_op call broker clients key="$(cat "$OPERATOR_KEY")" limit:=1
check "a limit over 200 is refused" 1 "between 1 and 200.*400" cli --raw call broker clients key="$(cat "$OPERATOR_KEY")" limit:=201
echo "# figure: $HELD clients connected: vc-cli clients listed them in $took ms, $pages pages, largest page $largest bytes as printed"
# The broker's memory holding them, and one page (200 rows) against a ping,
# each asked by a new vc-cli (start, connect, one round trip), best of 5
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$BROKER_PID/status" 2>/dev/null)
best_ms () {
    local best=999999 i start took
    for i in 1 2 3 4 5; do
        start=$(now_ms); "$@" > /dev/null 2>&1; took=$(( $(now_ms) - start ))
        [ "$took" -lt "$best" ] && best=$took
    done
    echo "$best"
}
page_ms=$(best_ms cli_op call broker clients key="$(cat "$OPERATOR_KEY")")
ping_ms=$(best_ms cli ping)
echo "# figure: $HELD clients held: broker RSS ${rss:-?} kB; one page of 200 clients $page_ms ms, a ping $ping_ms ms (each a new vc-cli, best of 5)"

kill "${HOLD_PIDS[@]}" 2>/dev/null
wait "${HOLD_PIDS[@]}" 2>/dev/null

# A broker without an operator key lists nobody
kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null
pick_ports
start_broker --services=echo
check "a broker without an operator key refuses clients" 1 "disabled.*403" cli_op --raw clients
finish
