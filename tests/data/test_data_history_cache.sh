# test_data_history_cache - whole-epidemic histories are encoded once and
# kept until the figures change: a scrape corrects a figure inside the
# covered range (Hồ Chí Minh, 14-12-2021, 991 -> 1991, so the range and
# with it the request stay the same) and announces it (scrape.updated);
# the kept replies of the province by day, week and month and of the
# country must then give the new figure, and before the announcement the
# kept ones (a SQLite store) or the copy's (PostgreSQL). The cache only
# drops on events here (--cache-seconds=0). The whole histories are filled
# at start and again after the event (a SQLite store) or once the new copy
# is taken (PostgreSQL), before anyone asks: no history request packs one
# (vc_data_history_packed_total{by="request"} stays 0). The service learns
# from the store's row versions that one province and one day changed:
# only the country's and that province's histories are packed again, the
# others' kept replies are served as they were.
source "$(dirname "$0")/data_lib.sh"

cache_setup 0
fills () { grep -c "whole histories filled" "$DATA_LOG"; }
wait_for 10 bash -c "[ \$(grep -c 'whole histories filled' '$DATA_LOG') -ge 1 ]" \
    && pass "whole histories filled at start: $(grep -m1 'whole histories filled' "$DATA_LOG" | sed 's/.*filled: //')" \
    || fail "no fill at start"
same "64 whole histories by 3 steps filled at start" 192 "$(packed fill)"

# cell WHAT DATE [STEP]: new cases on the row of DATE of the whole history
# of WHAT (a province, or national), by STEP (default day)
cell () {
    q --format=csv history "$1" ${3:+"$3"} | tr -d '\r' | awk -F, -v d="$2" '$1 == d { print $2 }'
}
BEFORE=$(csv_daily 2021-12-14 79)
same "consistency: Hồ Chí Minh on 14-12-2021 is the snapshot's" 991 "$BEFORE"
NATIONAL=$(cell national 2021-12-14)
WEEK=$(cell hcm 2021-12-13 week)
MONTH=$(cell hcm 2021-12-01 month)
[ -n "$NATIONAL" ] && [ -n "$WEEK" ] && [ -n "$MONTH" ] && pass "whole histories answered and kept" \
    || fail "whole histories: national '$NATIONAL', week '$WEEK', month '$MONTH'"
same "a whole history kept is answered again" 991 "$(cell hcm 2021-12-14)"
same "asked again, the kept reply is the same" "$(q --format=csv history hcm | md5sum)" \
     "$(q --format=csv history hcm | md5sum)"
HANOI=$(q --format=json history "ha noi" month | md5sum)
same "no history packed on a request: all were filled" 0 "$(packed request)"

"$VC_BIN/vc-test-datafeed" --db="$DATA_DB" daily 79 2021-12-14 1991 > "$TEST_TMP/feed.log" 2>&1 \
    || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
same "before the announcement the kept history is served" 991 "$(cell hcm 2021-12-14)"
"$VC_BIN/vc-test-datafeed" --db="$DATA_DB" publish > "$TEST_TMP/feed.log" 2>&1 || fail "publish failed"
wait_for 10 grep -q "store updated: 1 province changed (1 daily row, 14-12-2021 to 14-12-2021)" "$DATA_LOG" \
    && pass "scrape.updated: the service learns the one province and day that changed: $(grep -m1 'store updated: 1 province' "$DATA_LOG" | sed 's/.*changed (/(/')" \
    || fail "what changed not learnt: $(grep 'store updated' "$DATA_LOG")"
# The fill starts as soon as the cache is emptied (the event, or a new
# copy taken), not once a request comes or the service's 1 s wait ends: no
# request is sent until it is done
wait_for 10 bash -c "[ \$(grep -c 'whole histories filled' '$DATA_LOG') -ge 2 ]" \
    || fail "not filled again after the new figures ($(fills) fills)"
DELAY=$(grep 'whole histories filled' "$DATA_LOG" | tail -n 1 | sed -n 's/.*started \([0-9]*\) ms after.*/\1/p')
[ -n "$DELAY" ] && [ "$DELAY" -lt 200 ] && pass "the fill started $DELAY ms after the cache was emptied" \
    || fail "the fill started '$DELAY' ms after the cache was emptied (want under 200)"
# A PostgreSQL store is copied again after the event: the new copy is
# served once taken
wait_for 10 bash -c "[ \"\$(\"$VC_BIN/vc-cli\" ${U[*]} lookup hcm 14-12-2021 2>&1 | grep -c '1.991 new')\" = 1 ]" \
    || fail "the new figure is not served: $(q lookup hcm 14-12-2021 2>&1)"
[ "$(fills)" -ge 2 ] && pass "filled again after the new figures: $(grep 'whole histories filled' "$DATA_LOG" | tail -n 1 | sed 's/.*filled: //')" \
    || fail "not filled again after the new figures ($(fills) fills)"
same "the province's whole history by day gives the new figure" 1991 "$(cell hcm 2021-12-14)"
same "by week too" $((WEEK + 1000)) "$(cell hcm 2021-12-13 week)"
same "by month too" $((MONTH + 1000)) "$(cell hcm 2021-12-01 month)"
same "the national whole history too" $((NATIONAL + 1000)) "$(cell national 2021-12-14)"
same "the last covered day is unchanged" "2022-01-21" \
     "$(q --format=csv history hcm | tr -d '\r' | tail -n 1 | cut -d, -f1)"
same "the first histories after the scrape were served from the fill: none packed on a request" \
     0 "$(packed request)"
same "only the changed province's and the country's histories packed again (192 + 2 x 3)" \
     198 "$(packed fill)"
same "another province's kept history is served as it was" "$HANOI" \
     "$(q --format=json history "ha noi" month | md5sum)"
same "still none packed on a request" 0 "$(packed request)"

finish
