# test_data_load - two vc-data-svc instances opening one new store at once
# (seeded once), then 50 clients x 200 lookups through the broker, every
# answer checked against the snapshot CSV; both instances take a share.
source "$(dirname "$0")/data_lib.sh"

start_broker
spawn data1 "$VC_BIN/vc-data-svc" --db="$DATA_DB" --data-dir="$VC_DATA_DIR" --log-level=debug
DATA1_PID=$LAST_PID
spawn data2 "$VC_BIN/vc-data-svc" --db="$DATA_DB" --data-dir="$VC_DATA_DIR" --log-level=debug
DATA2_PID=$LAST_PID
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" --raw services 2>&1 | grep -q '\"name\"=>\"data\", \"instances\"=>2'" \
    && pass "two data instances registered" || fail "services: $(cli --raw services 2>&1 | head -c 300)"
start_session

DRIVER=("$VC_BIN/vc-test-lookup-driver" --data-dir="$VC_DATA_DIR")
# The driver reads its expected figures from the snapshot the service
# loads: these prove consistency under load, not correctness
check "consistency: 50 clients x 200 lookups, all as in the snapshot" 0 "10000 lookups: 10000 right, 0 wrong, 0 failed" \
      "${DRIVER[@]}" --clients=50 --requests=200
check "consistency: 100 clients pipelining 4 each, all as in the snapshot" 0 "20000 lookups: 20000 right, 0 wrong, 0 failed" \
      "${DRIVER[@]}" --clients=100 --requests=200 --window=4
check "the store was seeded" 0 '"from"=>"2020-03-18", "to"=>"2022-01-21"' \
      cli --user seeded --password x --raw range
NAT=$(awk -F, '$1 == "2022-01-21" { s += $3 } END { print s }' "$DAILY_CSV")
check "consistency: seeded once, the national figure equals the snapshot's sum" 0 "\"new_cases\"=>$NAT, \"deaths\"=>[0-9]+, \"provinces\"=>63" \
      cli --user seeded --password x --raw national 2022-01-21
served1=$(grep -c "lookup .* by load" "$TEST_TMP/data1.log")
served2=$(grep -c "lookup .* by load" "$TEST_TMP/data2.log")
[ "$served1" -gt 0 ] && [ "$served2" -gt 0 ] && pass "both instances served ($served1 + $served2)" \
    || fail "load not shared: $served1 + $served2"
[ $((served1 + served2)) -eq 30000 ] && pass "every lookup reached the service once" \
    || fail "$((served1 + served2)) lookups served for 30000 sent"
grep -qiE "error|warn" "$TEST_TMP/data1.log" "$TEST_TMP/data2.log" \
    && fail "errors logged: $(grep -hiE 'error|warn' "$TEST_TMP"/data?.log | head -3)" || pass "no errors logged"
stop_clean data1 "$DATA1_PID"
stop_clean data2 "$DATA2_PID"

finish
