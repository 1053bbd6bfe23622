# test_data_refresh - the refresh interval (--cache-seconds) without
# events: new figures written to the store and never announced are served
# within the interval, and what the service keeps is what they did not
# change. Every interval it asks the store what changed since the version
# it saw (a SQLite store) or copies it again when its fingerprint changed
# (PostgreSQL): a correction of one province's day packs that province's
# and the country's whole histories again (6 replies), not all 192, and an
# interval with nothing new packs none.
source "$(dirname "$0")/data_lib.sh"

cache_setup 1
cell () {
    q --format=csv history "$1" | tr -d '\r' | awk -F, -v d="$2" '$1 == d { print $2 }'
}
wait_for 10 bash -c "[ \$(grep -c 'whole histories filled' '$DATA_LOG') -ge 1 ]" \
    || fail "no fill at start"
same "consistency: Hồ Chí Minh on 14-12-2021 is the snapshot's" "$(csv_daily 2021-12-14 79)" \
     "$(cell hcm 2021-12-14)"
HANOI=$(q --format=json history "ha noi" month | md5sum)
# Three intervals with nothing new: nothing packed again
sleep 3.5
same "intervals with nothing new pack no history again" 192 "$(packed fill)"
"$VC_BIN/vc-test-datafeed" --db="$DATA_DB" daily 79 2021-12-14 1991 > "$TEST_TMP/feed.log" 2>&1 \
    || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
wait_for 10 bash -c "[ \"\$(\"$VC_BIN/vc-cli\" ${U[*]} --format=csv history hcm | grep -c '^2021-12-14,1991,')\" = 1 ]" \
    && pass "a figure never announced is served within the interval" \
    || fail "not served: $(cell hcm 2021-12-14)"
wait_for 5 bash -c "[ \"\$(curl -sf http://127.0.0.1:$METRICS_PORT/metrics | awk '\$1 == \"vc_data_history_packed_total{by=\\\"fill\\\"}\" { print \$2 }')\" -ge 198 ]"
sleep 2.5
same "only the changed province's and the country's histories packed again (192 + 2 x 3)" \
     198 "$(packed fill)"
same "another province's kept history is served as it was" "$HANOI" \
     "$(q --format=json history "ha noi" month | md5sum)"
finish
