# pg_test_reload - a data service on a PostgreSQL store goes on answering
# lookups while it makes a new copy of the store in memory after each
# scrape.updated: the copy is made by an actor on a thread of its own and
# swapped in when complete. One client times lookups back to back, first
# with nothing else going on (the reference), then while four updates are
# announced one after the other. The time lookups spent beyond a bound
# derived from the reference (3 x its p99 + 20 ms) must stay a small part
# of the time the copies took (when a copy held the service's thread, the
# lookup waiting for it spent nearly all of it beyond the bound).
# Registered for the PostgreSQL run only.
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/data/data_lib.sh"

start_broker
start_data data1 --cache-seconds=0
start_session
PROBE=("$VC_BIN/vc-test-lookup-probe" --user=probe --password=probe-password)
FEED=("$VC_BIN/vc-test-datafeed" --db="$DATA_DB" --events-in="$VC_EVENTS_IN")
copies () { grep -c "copied the shared store" "$TEST_TMP/data1.log"; }

# The reference: lookups with no copy being made
"${PROBE[@]}" --duration-ms=500 > /dev/null 2>&1       # warm up (sign in, cache)
ref=$("${PROBE[@]}" --duration-ms=3000 --samples="$TEST_TMP/ref.ms" 2>&1) \
    && pass "reference, 3 s: $ref" || fail "reference probe: $ref"

# Four updates, each copied in full, while the probe runs
"${PROBE[@]}" --duration-ms=9000 --samples="$TEST_TMP/during.ms" > "$TEST_TMP/probe.out" 2>&1 &
PROBE_PID=$!
sleep 0.5
before=$(copies)
for i in 1 2 3 4; do
    "${FEED[@]}" daily 79 2022-01-22 $((4000 + i)) publish > "$TEST_TMP/feed.log" 2>&1 \
        || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
    wait_for 10 bash -c "[ \$(grep -c 'copied the shared store' '$TEST_TMP/data1.log') -ge $((before + i)) ]" \
        || fail "update $i was not copied"
done
wait "$PROBE_PID" && pass "during the copies, 9 s: $(cat "$TEST_TMP/probe.out")" \
    || fail "probe during the copies: $(cat "$TEST_TMP/probe.out")"
[ "$(copies)" -ge $((before + 4)) ] && pass "4 copies made while the probe ran" || fail "$(( $(copies) - before )) copies"

# What the four copies took, from the service's own log (this run)
copy_ms=$(grep -o "copied the shared store into memory in [0-9]* ms" "$TEST_TMP/data1.log" \
          | tail -n 4 | awk '{ sum += $(NF - 1) } END { print sum }')
# A lookup is slow beyond 3 times the reference's p99 plus 20 ms; the time
# lookups spent beyond that is what a copy holding the service's thread
# adds (about one copy's time per copy). The reference's own slow time,
# scaled to 9 s, is what the machine's load adds anyway.
ref_p99=$(sort -n "$TEST_TMP/ref.ms" | awk '{ v[NR] = $1 } END { print v[int(NR * 0.99)] }')
bound=$(awk -v p="$ref_p99" 'BEGIN { printf "%.1f", 3 * p + 20 }')
stuck () { awk -v b="$bound" '$1 > b { s += $1 - b } END { printf "%.0f", s }' "$1"; }
ref_stuck=$(stuck "$TEST_TMP/ref.ms"); got_stuck=$(stuck "$TEST_TMP/during.ms")
allowed=$(awk -v c="$copy_ms" -v r="$ref_stuck" 'BEGIN { a = c / 4; if (3 * r > a) a = 3 * r; printf "%.0f", a }')
echo "copies: $copy_ms ms in all; reference p99 $ref_p99 ms, bound $bound ms; time beyond the bound: reference $ref_stuck ms in 3 s, during the copies $got_stuck ms in 9 s (allowed $allowed ms)"
[ "$got_stuck" -le "$allowed" ] \
    && pass "lookups went on during the copies: $got_stuck ms beyond $bound ms (allowed: a quarter of the $copy_ms ms of copying, or 3 x the reference's $ref_stuck ms)" \
    || fail "lookups waited for the copies: $got_stuck ms beyond $bound ms, more than $allowed ms ($copy_ms ms of copying)"
check "the last update is answered" 0 "4\.004 new" \
      "$VC_BIN/vc-cli" --user probe --password probe-password lookup hcm 22-01-2022
finish
