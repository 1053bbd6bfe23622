# test_data_svc - vc-data-svc through a real broker on loopback, driven by
# vc-cli: every province spelling and date form, errors and their status
# codes, figures equal to the shipped snapshot, series/national/top/
# provinces/range, data.lookup events, new figures and aliases served after
# scrape.updated without a restart, and the same checks with the real auth
# service when it is built.
source "$(dirname "$0")/data_lib.sh"

start_broker
spawn watch "$VC_BIN/vc-cli" watch data.,scrape.
WATCH_LOG=$TEST_TMP/watch.log
start_data data1 --cache-seconds=0
DATA_PID=$LAST_SERVICE_PID
DATA_LOG=$TEST_TMP/data1.log
if [ "$VC_TEST_DB" = postgresql ]; then
    grep -q "answering from a copy in memory" "$DATA_LOG" && pass "a PostgreSQL store is answered from a copy in memory" \
        || fail "no copy in memory: $(grep 'case store' "$DATA_LOG")"
else
    [ -f "$DATA_DB" ] && pass "the store was created under a new folder" || fail "no store at $DATA_DB"
fi
check "lookup without a session is refused (401)" 1 "sign in first \(401 unauthorised\)" cli --raw lookup hcm
check "any op without a session is refused" 1 "sign in first" cli range
start_session
U=(--user tester --password password1)
q () { cli "${U[@]}" "$@"; }
qr () { cli "${U[@]}" --raw "$@"; }         #  The reply map, for field checks

# Province spellings
HCM_1215="Hồ Chí Minh, 15-12-2021: 1.270 new cases"
for form in "ho chi minh" "HỒ CHÍ MINH" "tp.hcm" "HCM" "Sài Gòn" "TP. Hồ Chí Minh" "79"; do
    check "lookup '$form'" 0 "^$HCM_1215" q lookup "$form" 15-12-2021
done
check "consistency: lookup 'ba ria vung tau' answers the snapshot's figure" 0 "Bà Rịa - Vũng Tàu, 15-12-2021: $(csv_daily 2021-12-15 77) new" \
      q lookup "ba ria vung tau" 15-12-2021
check "consistency: lookup 'Hue' answers the snapshot's figure" 0 "Thừa Thiên Huế, 15-12-2021: $(csv_daily 2021-12-15 46) new" \
      q lookup Hue 15-12-2021
# A total without a date is as of the last covered day for every province:
# the published total of that day, else the sum of the daily reports to it
LAST=$(qr range | sed -n 's/.*"to"=>"\([0-9-]*\)".*/\1/p')
same "range ends on the snapshot's last day" "$(cut -d, -f1 "$DAILY_CSV" | grep -v '^date' | sort | tail -n 1)" "$LAST"
as_of () { qr lookup "$1" | sed -n 's/.*"as_of"=>"\([0-9-]*\)".*/\1/p'; }
same "lookup total: Hà Nội (published on 01-01-2022) as of the last covered day" "$LAST" "$(as_of "ha noi")"
same "lookup total: Đắk Lắk (never published) as of the last covered day" "$LAST" "$(as_of "dak lak")"
check "consistency: lookup total = sum of the daily reports to the last day" 0 \
      "\"province\"=>\"Hà Nội\", \"code\"=>1, \"total\"=>$(csv_sum_to "$LAST" 1), \"as_of\"=>\"$LAST\", \"kind\"=>\"sum of daily reports\"" \
      q call data lookup province=hanoi
check "lookup total as text" 0 "^Hà Nội: [0-9.]+ total cases \(as of 21-01-2022, sum of daily reports\)" q lookup "ha noi"
check "the total of a published day is the published one" 0 "^  total: 47.788 cases \(reported\)" q stats "ha noi" 01-01-2022
check "lookup total without a published one" 0 "^Đắk Lắk: 14.399 total cases \(as of 21-01-2022, sum of daily reports\)" \
      q lookup "dak lak"
for code in $(cut -d, -f2 "$DAILY_CSV" | sort -u | grep -v province_code); do
    q lookup "$code" > /dev/null 2>&1 || fail "no total for province $code"
done
pass "a total for each of the 63 provinces"
check "lookup with deaths" 0 '"new_cases"=>1270, "deaths"=>63' q call data lookup province=hcm date=15-12-2021

# Dates
for date in 15-12-2021 15/12/2021 2021-12-15 15/12/2021; do
    check "date form $date" 0 "^$HCM_1215" q lookup hcm "$date"
done
check "one-digit day and month" 0 "Hồ Chí Minh, 05-12-2021:" q lookup hcm 5/12/2021
check "impossible date 31-02-2021" 1 "31-02-2021 is not a real date \(400 bad request\)" q --raw lookup hcm 31-02-2021
check "impossible date 2021-13-01" 1 "2021-13-01 is not a real date \(400 bad request\)" q --raw lookup hcm 2021-13-01
check "garbage date" 1 "expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd \(400 bad request\)" q --raw lookup hcm garbage
check "date without data" 1 "no data for 01-01-2020; data covers 18-03-2020 to 21-01-2022 \(404 not found\)" \
      q --raw lookup hcm 01-01-2020
check "a day the portal has no column for" 1 "not reported: Hồ Chí Minh published no figure for 11-04-2020" \
      q lookup hcm 11-04-2020
check "an empty cell of the portal" 1 "not reported: Cao Bằng published no figure for 20-09-2020" \
      q lookup "cao bang" 20-09-2020

# Unknown provinces and malformed requests
check "unknown province" 1 "no province matches 'Ben Tri' \(404 not found\)" q --raw lookup "Ben Tri"
check "unknown province has suggestions" 1 "did you mean: Bến Tre" q lookup "Ben Tri" 15-12-2021
suggested=$(q lookup "Ho Chi Mnh" 2>&1 | sed -n 's/^did you mean: //p' | tr ',' '\n' | wc -l)
[ "$suggested" -ge 1 ] && [ "$suggested" -le 3 ] && pass "1 to 3 suggestions ($suggested)" \
    || fail "$suggested suggestions"
check "province of the wrong type" 1 "field 'province' must be a string \(400 bad request\)" \
      q --raw call data lookup province:=5
check "missing province" 1 "missing field 'province' \(400 bad request\)" q --raw call data lookup
check "date of the wrong type" 1 "field 'date' must be a string" q call data lookup province=hcm date:=20211215
LONG=$(head -c 5000 /dev/zero | tr '\0' 'a')
check "5 KB province is refused" 1 "field 'province' is too long \(5000 bytes, at most 256\)" \
      q call data lookup "province=$LONG"
check "unknown operation" 1 "unknown operation \(400 bad request\)" q --raw call data frobnicate

# Figures equal the snapshot (and the original report for 15-12-2021)
check "Cà Mau 15-12-2021 = 1072" 0 "Cà Mau, 15-12-2021: 1.072 new" q lookup "ca mau" 15-12-2021
check "Bến Tre 15-12-2021 = 1035" 0 "Bến Tre, 15-12-2021: 1.035 new" q lookup "ben tre" 15-12-2021
check "Hà Nội 15-12-2021 = 1024" 0 "Hà Nội, 15-12-2021: 1.024 new" q lookup "Hà Nội" 15-12-2021
check "Hà Nội 13-12-2021 = 1000 (bulletin)" 0 '"new_cases"=>1000' q call data lookup province=hn date=13-12-2021

# Every province by its ASCII name, in one shell session, against the CSV
q call data provinces > "$TEST_TMP/provinces.out" 2>&1
grep -o '"ascii"=>"[^"]*"' "$TEST_TMP/provinces.out" | sed 's/"ascii"=>"\(.*\)"/\1/' > "$TEST_TMP/ascii.txt"
[ "$(wc -l < "$TEST_TMP/ascii.txt")" -eq 63 ] && pass "provinces lists 63" \
    || fail "provinces: $(head -c 300 "$TEST_TMP/provinces.out")"
{
    echo "signin tester password1"
    while read -r name; do echo "call data lookup \"province=$name\" date=2022-01-10"; done < "$TEST_TMP/ascii.txt"
} | cli shell > "$TEST_TMP/all.out" 2>&1
matched=0
while read -r code value; do
    [ "$value" = "$(csv_daily 2022-01-10 "$code")" ] && matched=$((matched + 1))
done < <(sed -n 's/.*"code"=>\([0-9]*\),.*"new_cases"=>\([0-9]*\).*/\1 \2/p' "$TEST_TMP/all.out")
[ "$matched" -eq 63 ] && pass "consistency: all 63 provinces resolve by ASCII name with the snapshot's figure" \
    || fail "only $matched of 63 provinces matched: $(grep -m3 error "$TEST_TMP/all.out")"

# Other operations
check "series, whole range" 0 '"from"=>"2020-03-18", "to"=>"2022-01-21", "days"=>\[\["2020-03-18", [0-9]+\]' \
      qr series hcm
check "series, given range" 0 '"days"=>\[\["2021-12-14", 991\], \["2021-12-15", 1270\], \["2021-12-16", 1175\]\]' \
      qr series "Hồ Chí Minh" 14-12-2021 2021-12-16
check "series, from after to" 1 "'from' is after 'to'" q series hcm 16-12-2021 14-12-2021
check "series, too long a range" 1 "at most 3\.660 days" q series hcm 01-01-2000 01-01-2021
check "series, too long a range: the server's words with --raw" 1 "at most 3660 days" qr series hcm 01-01-2000 01-01-2021
check "national total" 0 '"total"=>2007706, "deaths"=>36605, "as_of"=>"2022-01-21", "provinces"=>63, "kind"=>"sum of daily reports"' qr national
# The national figure against the file the service loads (consistency);
# its deaths, 283, are written out
NAT_1215=$(awk -F, '$1 == "2021-12-15" { s += $3 } END { print s }' "$DAILY_CSV")
check "consistency: national on a day = sum of the snapshot" 0 "\"date\"=>\"2021-12-15\", \"new_cases\"=>$NAT_1215, \"deaths\"=>283, \"provinces\"=>63" \
      qr national 15-12-2021
check "national on a day without data" 1 "no data for 01-01-2020" q national 2020-01-01
check "top 3 on 15-12-2021" 0 '"rows"=>\[\{"province"=>"Hồ Chí Minh", "code"=>79, "new_cases"=>1270\}, \{"province"=>"Cà Mau", "code"=>96, "new_cases"=>1072\}, \{"province"=>"Bến Tre", "code"=>83, "new_cases"=>1035\}\]' \
      qr top 3 15-12-2021
check "top defaults to the latest day" 0 '"date"=>"2022-01-21"' qr top
check "top n out of range" 1 "field 'n' must be between 1 and 63" q call data top n:=64
check "range" 0 '"from"=>"2020-03-18", "to"=>"2022-01-21"' qr range

# The whole-epidemic views through the broker
check "history: the whole epidemic, a row each day" 0 '"step"=>"day", "rows"=>\[\["2020-03-18", ' \
      qr call data history province=hcm
[ "$(qr call data history province=hcm 2>/dev/null | grep -o '\["20[0-9-]*", ' | wc -l)" -eq 675 ] \
    && pass "history: 675 days" || fail "history: not 675 days"
check "history: a not-reported day is nil" 0 '\["2020-04-11", nil, nil, 0\]' \
      qr call data history province=hcm from=2020-04-10 to=2020-04-12
check "history: national by month" 0 '"step"=>"month", "rows"=>\[\["2021-12-01", [0-9]+, [0-9]+, 1953\]' \
      qr call data history from=2021-12-01 to=2021-12-31 step=month
check "stats of a province on a day" 0 '"rank"=>4, "rank_of"=>63' \
      qr call data stats province=hanoi date=15-12-2021
check "stats: a census figure for every province (Phú Yên, from the district table)" 0 '"population"=>872964, "average7_per100k"=>' \
      qr call data stats province=phuyen date=15-12-2021

# The same as text for people: Vietnamese numbers, dd-mm-yyyy, one line each
# expect_text NAME TEXT COMMAND...: the command's output (after the sign-in
# line) is exactly TEXT
expect_text () {
    local name=$1 want=$2 out; shift 2
    out=$("$@" 2> /dev/null | grep -v '^signed in$')
    [ "$out" = "$want" ] && pass "$name" || fail "$name: got '$out'"
}
expect_text "top as text" "Most new cases on 15-12-2021:
   1.      1.270  Hồ Chí Minh
   2.      1.072  Cà Mau" q top 2 15-12-2021
check "top takes the date first too" 0 "Most new cases on 15-12-2021" q top 15/12/2021
check "top with only a date lists 10" 0 "^  10\. " q top 15-12-2021
check "top N must be a whole number" 2 "N must be a whole number from 1 to 63" q top 0
check "top takes one number only" 2 "one number .* and one date" q top 3 4
check "top with a bad date" 1 "31-02-2021 is not a real date" q top 31-02-2021
expect_text "series as text" "Hồ Chí Minh, new cases each day from 14-12-2021 to 16-12-2021:
  14-12-2021        991
  15-12-2021      1.270
  16-12-2021      1.175
  3 days, 3.436 new cases in all" q series hcm 14-12-2021 16-12-2021
check "national total as text" 0 "^Việt Nam: 2.007.706 total cases \(sum of daily reports up to 21-01-2022\)" \
      q national
check "national day as text" 0 "^Việt Nam, 15-12-2021: [0-9.]+ new cases \(63 provinces reporting\)" q national 2021-12-15
check "range as text" 0 "^Daily figures from 18-03-2020 to 21-01-2022$" q range
[ "$(q provinces 2>/dev/null | grep -cE '^ *[0-9]+  .+ \(.+\)$')" -eq 63 ] \
    && pass "provinces as text: 63 lines" || fail "provinces: $(q provinces 2>&1 | head -3)"
check "provinces as text: Hồ Chí Minh by code" 0 "^ 79  Hồ Chí Minh \(Ho Chi Minh\)$" q provinces

# Events
wait_for 5 grep -q 'lookup "ho chi minh" 15-12-2021 -> Hồ Chí Minh 15-12-2021: 1270' "$WATCH_LOG" \
    && pass "data.lookup event with the lookup and its result" || fail "no data.lookup event: $(tail -3 "$WATCH_LOG")"
grep 'data.lookup' "$WATCH_LOG" | grep -q 'user=tester' && pass "events carry the username" \
    || fail "data.lookup events without username"
grep -q 'lookup "Ben Tri" -> not found' "$WATCH_LOG" && pass "failed lookups are events too" \
    || fail "no event for a failed lookup"

# Subscribers: one to Hồ Chí Minh (figures about to change), one to Hà Giang
# (not changed)
spawn sub_hcm "$VC_BIN/vc-cli" subscribe "TP. HCM"
spawn sub_hg "$VC_BIN/vc-cli" subscribe "ha giang"
SUB_HG_PID=$LAST_PID
spawn sub_vi env LANGUAGE=vi "$VC_BIN/vc-cli" subscribe "TP. HCM"
sleep 0.5
# New figures and an alias, written the way the scraper does, then announced
"$VC_BIN/vc-test-datafeed" --db="$DATA_DB" daily 79 2022-01-22 4321 total 1 2022-01-22 50000 \
    alias "Hòn Ngọc Viễn Đông" 79 > "$TEST_TMP/feed.log" 2>&1 || fail "datafeed: $(cat "$TEST_TMP/feed.log")"
if [ "$VC_TEST_DB" = postgresql ]; then
    check "the copy in memory answers as before until the update event" 1 "data covers 18-03-2020 to 21-01-2022" \
          q lookup hcm 22-01-2022
else
    check "a new row is read from the store at once" 0 "Hồ Chí Minh, 22-01-2022: 4.321 new" q lookup hcm 22-01-2022
fi
check "the cached range stays until the update event" 0 '"to"=>"2022-01-21"' qr range
"$VC_BIN/vc-test-datafeed" --db="$DATA_DB" publish > "$TEST_TMP/feed.log" 2>&1 || fail "publish failed"
wait_for 5 grep -q "store updated: 1 province changed (1 daily row, 22-01-2022 to 22-01-2022)" "$DATA_LOG" \
    && pass "scrape.updated: the service learns the one province and day that changed" \
    || fail "scrape.updated not seen by the data service"
wait_for 5 grep -q "data.province.79 *client=" "$TEST_TMP/sub_hcm.log" \
    && pass "a subscription to a province fires on the scrape" || fail "no event for the subscriber: $(cat "$TEST_TMP/sub_hcm.log")"
check "the subscriber is told the new figure" 0 "Hồ Chí Minh: figures changed; latest 22-01-2022: 4.321 new cases" \
      cat "$TEST_TMP/sub_hcm.log"
# In Vietnamese: the subscription and the new figure said in words
wait_for 5 grep -q "data.province.79 *client=" "$TEST_TMP/sub_vi.log"
grep -q "Hồ Chí Minh: số liệu thay đổi; mới nhất ngày 22-01-2022: 4.321 ca mới" "$TEST_TMP/sub_vi.log" \
    && grep -q "^đã đăng ký theo dõi Hồ Chí Minh (data.province.79)" "$TEST_TMP/sub_vi.log" \
    && ! grep -q "figures changed" "$TEST_TMP/sub_vi.log" \
    && pass "a subscriber in Vietnamese is told in Vietnamese" || fail "Vietnamese subscriber: $(cat "$TEST_TMP/sub_vi.log")"
grep -q "subscribed to Hà Giang" "$TEST_TMP/sub_hg.log" && kill -0 "$SUB_HG_PID" 2>/dev/null \
    || fail "Hà Giang's subscriber is not listening: $(cat "$TEST_TMP/sub_hg.log")"
grep -q "data.province.* client=" "$TEST_TMP/sub_hg.log" && fail "Hà Giang's subscriber told of a change" \
    || pass "a province whose figures did not change: no event"
check "subscribe: an unknown province" 2 "no province matches 'Nowhere'" cli subscribe Nowhere
check "range covers the new day" 0 '"from"=>"2020-03-18", "to"=>"2022-01-22"' qr range
check "a province the new day leaves out: not reported, not 'no data'" 1 "not reported: Hà Giang published no figure for 22-01-2022" \
      q lookup "ha giang" 22-01-2022
check "lookup total: a total published on the new last day" 0 "^Hà Nội: 50.000 total cases \(as of 22-01-2022, reported\)" \
      q lookup "ha noi"
check "lookup total: a province the new day leaves out, as of that day" 0 \
      "^Đắk Lắk: 14.399 total cases \(as of 22-01-2022, sum of daily reports\)" q lookup "dak lak"
check "national total as of the new day" 0 "sum of daily reports up to 22-01-2022" q national
check "one province reporting: singular" 0 "^Việt Nam, 22-01-2022: 4.321 new cases \(1 province reporting\)$" \
      q national 22-01-2022
check "rank among one province: singular" 0 "^  rank: 1 of 1 province that day$" q stats hcm 22-01-2022
check "one province reporting, in Vietnamese" 0 "^Việt Nam, 22-01-2022: 4.321 ca mới \(1 tỉnh báo cáo\)$" \
      env LANGUAGE=vi "$VC_BIN/vc-cli" "${U[@]}" national 22-01-2022
check "top uses the new latest day" 0 '"date"=>"2022-01-22", "rows"=>\[\{"province"=>"Hồ Chí Minh", "code"=>79, "new_cases"=>4321\}' qr top 2
wait_for 5 grep -q 'top 2 -> 22-01-2022: 1 province, first Hồ Chí Minh 4321' "$WATCH_LOG" \
    && grep -q 'national 22-01-2022 -> 22-01-2022: 4321 (1 province)$' "$WATCH_LOG" \
    && pass "events: one province in the singular" || fail "events: $(grep -m3 '22-01-2022: ' "$WATCH_LOG")"
check "stored alias is matched" 0 "Hồ Chí Minh, 22-01-2022: 4.321 new" q lookup "hon ngoc vien dong" 22-01-2022
check "stats of a day stored without a death figure: not reported, not 0" 0 \
      "Hồ Chí Minh, 22-01-2022: 4.321 new cases, deaths not reported" q stats hcm 22-01-2022
check "no-data message shows the new range" 1 "data covers 18-03-2020 to 22-01-2022" q lookup hcm 2022-02-01
kill -0 "$DATA_PID" 2>/dev/null && pass "served without a restart" \
    || fail "data service died"

# The same through the real auth service, when it is built
if [ -x "$VC_BIN/vc-auth-svc" ]; then
    kill "$SESSION_PID"
    wait_for 8 bash -c "\"$VC_BIN/vc-cli\" ping auth 2>&1 | grep -q unavailable" || fail "stand-in did not stop"
    mkdir -p "$TEST_TMP/auth"
    start_service auth auth bash -c "cd \"$TEST_TMP/auth\" && exec \"$VC_BIN/vc-auth-svc\" --db=accounts.db"
    check "real auth: sign up" 0 "account created" cli signup dataclient password1
    {
        echo "signin dataclient password1"
        for form in "ho chi minh" "HỒ CHÍ MINH" tp.hcm HCM "Sài Gòn"; do echo "lookup \"$form\" 15-12-2021"; done
        echo "lookup \"ba ria vung tau\" 2021-12-15"
        echo "lookup Hue 15/12/2021"
        echo "lookup hcm 31-02-2021"
        echo "lookup \"Ben Tri\""
        echo "range"
        echo "top 1 15-12-2021"
        echo "signout"
        echo "lookup hcm 15-12-2021"
    } | cli shell > "$TEST_TMP/real.out" 2>&1
    [ "$(grep -c "^$HCM_1215" "$TEST_TMP/real.out")" -eq 5 ] && pass "real auth: every HCM spelling" \
        || fail "real auth lookups: $(head -c 400 "$TEST_TMP/real.out")"
    grep -q "Bà Rịa - Vũng Tàu, 15-12-2021" "$TEST_TMP/real.out" && grep -q "Thừa Thiên Huế, 15-12-2021" "$TEST_TMP/real.out" \
        && pass "real auth: other aliases" || fail "real auth: aliases"
    grep -q "31-02-2021 is not a real date" "$TEST_TMP/real.out" && pass "real auth: bad date" || fail "real auth: bad date"
    grep -q "did you mean: Bến Tre" "$TEST_TMP/real.out" && pass "real auth: suggestions" || fail "real auth: suggestions"
    grep -q 'from 18-03-2020 to 22-01-2022' "$TEST_TMP/real.out" && pass "real auth: range" || fail "real auth: range"
    [ "$(tail -n 1 "$TEST_TMP/real.out")" = "error: sign in first" ] \
        && pass "real auth: refused after sign-out" || fail "real auth: after sign-out: $(tail -n 1 "$TEST_TMP/real.out")"
    grep 'data.lookup' "$WATCH_LOG" | grep -q 'user=dataclient' && pass "real auth: events carry the username" \
        || fail "real auth: no event for dataclient"
else
    fail "vc-auth-svc is not built: the checks with the real auth service cannot run"
fi
stop_clean data1 "$DATA_PID"

finish
