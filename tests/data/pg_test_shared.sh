# pg_test_shared - one case store in PostgreSQL shared by two data
# services (as on two hosts, neither running the scraper): figures written
# once to the database and announced with scrape.updated are answered by
# both; while PostgreSQL is down (kill -9) both keep answering from their
# copy in memory, a writer is refused at once with a clear reason, and
# after PostgreSQL restarts the same services (not restarted) copy the
# store again and answer the next figures. Registered for the PostgreSQL
# run only.
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/data/data_lib.sh"

start_broker
start_data data1 --cache-seconds=0
DATA1_PID=$LAST_SERVICE_PID
start_data data2 --cache-seconds=0
DATA2_PID=$LAST_SERVICE_PID
# The broker answered for data1 already: wait until data2 itself is there
wait_for 30 bash -c "\"$VC_BIN/vc-cli\" --raw services 2>&1 | grep -q '\"name\"=>\"data\", \"instances\"=>2'" \
    && pass "two data services on one PostgreSQL store" || fail "data2 did not register"
start_session
U=(--user shared --password password1)
q () { cli "${U[@]}" "$@"; }
FEED=("$VC_BIN/vc-test-datafeed" --db="$DATA_DB" --events-in="$VC_EVENTS_IN")

# lookup_all TEXT ARGS...: 6 lookups (both instances take some) all print
# TEXT: says "6 of 6", or the first answer without it
lookup_all () {
    local want=$1 i out; shift
    for i in 1 2 3 4 5 6; do
        out=$(q "$@" 2>&1)
        grep -qF -- "$want" <<< "$out" || { echo "$out"; return 1; }
    done
    echo "6 of 6"
}
served () { grep -c "lookup .* by shared" "$TEST_TMP/$1.log"; }

# Figures written once to the database reach both services
"${FEED[@]}" daily 79 2022-01-22 4321 publish > "$TEST_TMP/feed.log" 2>&1 \
    || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
wait_for 10 bash -c "grep -q 'copied the shared store' '$TEST_TMP/data1.log' && [ \$(grep -c 'copied the shared store' '$TEST_TMP/data2.log') -ge 2 ] && [ \$(grep -c 'copied the shared store' '$TEST_TMP/data1.log') -ge 2 ]" \
    && pass "both data services copied the store again on scrape.updated" \
    || fail "no second copy: $(grep -h 'copied\|store' "$TEST_TMP"/data[12].log | tail -4)"
check "every answer has the new figure" 0 "^6 of 6$" lookup_all "Hồ Chí Minh, 22-01-2022: 4.321 new" lookup hcm 22-01-2022
[ "$(served data1)" -gt 0 ] && [ "$(served data2)" -gt 0 ] && pass "both services answered ($(served data1) + $(served data2))" \
    || fail "one service answered everything: $(served data1) + $(served data2)"

# PostgreSQL crashes: lookups go on from memory, a writer is told at once
pg_kill9 && pass "PostgreSQL killed with SIGKILL" || fail "PostgreSQL did not die"
start=$(now_ms)
check "lookups while the database is down: answered from memory" 0 "^6 of 6$" \
      lookup_all "Hồ Chí Minh, 22-01-2022: 4.321 new" lookup hcm 22-01-2022
took=$(( $(now_ms) - start ))
[ "$took" -lt 4000 ] && pass "6 lookups while the database is down in $took ms" || fail "6 lookups took $took ms"
start=$(now_ms)
out=$("${FEED[@]}" daily 79 2022-01-23 555 2>&1); rc=$?
took=$(( $(now_ms) - start ))
if [ "$rc" -ne 0 ] && grep -q "cannot connect to PostgreSQL" <<< "$out" && [ "$took" -lt 4000 ]; then
    pass "a write while the database is down is refused in $took ms: $(grep -m1 -o 'cannot connect.*' <<< "$out" | head -c 80)"
else
    fail "write while down: exit $rc in $took ms: $out"
fi
"${FEED[@]}" --db="$TEST_TMP/var/other.db" publish > /dev/null 2>&1
wait_for 10 grep -q "store unavailable: answering from the copy" "$TEST_TMP/data1.log" \
    && pass "an update event while the database is down: 'store unavailable', the copy kept" \
    || fail "no 'store unavailable' in data1.log"
check "still answering after the failed copy" 0 "^6 of 6$" lookup_all "Hồ Chí Minh, 22-01-2022: 4.321 new" lookup hcm 22-01-2022

# PostgreSQL back: the same services recover by themselves
pg_restart && pass "PostgreSQL restarted" || fail "PostgreSQL did not restart"
wait_for 15 grep -q "store available again" "$TEST_TMP/data1.log" \
    && pass "data1 copied the store again by itself" || fail "data1 did not recover"
"${FEED[@]}" daily 79 2022-01-23 555 publish > "$TEST_TMP/feed.log" 2>&1 \
    && pass "writes succeed again" || fail "datafeed after restart: $(cat "$TEST_TMP/feed.log")"
wait_for 10 bash -c "q () { \"$VC_BIN/vc-cli\" ${U[*]} \"\$@\"; }; $(declare -f lookup_all); lookup_all '555 new' lookup hcm 23-01-2022" \
    && pass "both services answer the figures written after the restart" \
    || fail "after the restart: $(q lookup hcm 23-01-2022 2>&1)"
kill -0 "$DATA1_PID" && kill -0 "$DATA2_PID" && pass "no data service restarted" || fail "a data service died"
finish
