# test_cli_output - what vc-cli prints: with --raw only the reply map on
# stdout (sign-in and notes on stderr); --format=table|csv|json; services,
# clients and scrape-status as tables with local times; colours only on a
# terminal, never with NO_COLOR.
source "$(dirname "$0")/cli_lib.sh"
start_system --operator-key-file="$OPERATOR_KEY"
U=(--user tester --password "$PW")

# --raw: stdout holds the answer alone
cli "${U[@]}" --raw lookup hcm > "$TEST_TMP/raw.out" 2> "$TEST_TMP/raw.err"
same "--raw: one line on stdout" 1 "$(wc -l < "$TEST_TMP/raw.out")"
grep -q '^{"status"=>200, .*"province"=>"Hồ Chí Minh"' "$TEST_TMP/raw.out" \
    && pass "--raw: the line is the reply map" || fail "--raw stdout: $(cat "$TEST_TMP/raw.out")"
grep -q "signed in as tester" "$TEST_TMP/raw.err" && pass "--raw: sign-in said on stderr" \
    || fail "--raw stderr: $(cat "$TEST_TMP/raw.err")"
out=$(cli "${U[@]}" lookup hcm 15-12-2021 2> /dev/null)
same "text: stdout is the answer alone" "Hồ Chí Minh, 15-12-2021: 1.270 new cases" "$out"

# --format=csv and json
out=$(cli "${U[@]}" --format=csv lookup hcm 15-12-2021 2> /dev/null | tr -d '\r')
same "csv: lookup" "province,code,date,new_cases
Hồ Chí Minh,79,2021-12-15,1270" "$out"
out=$(cli "${U[@]}" --format=csv top 2 15-12-2021 2> /dev/null | tr -d '\r')
same "csv: top" "rank,province,code,date,new_cases
1,Hồ Chí Minh,79,2021-12-15,1270
2,Cà Mau,96,2021-12-15,1072" "$out"
cli "${U[@]}" --format=json series hcm 14-12-2021 16-12-2021 2> /dev/null > "$TEST_TMP/series.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d==[{"date":"2021-12-14","new_cases":991},{"date":"2021-12-15","new_cases":1270},{"date":"2021-12-16","new_cases":1175}], d' \
    "$TEST_TMP/series.json" && pass "json: series" || fail "json series: $(cat "$TEST_TMP/series.json")"
cli "${U[@]}" --format=json provinces 2> /dev/null > "$TEST_TMP/provinces.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==63 and {"code":79,"name":"Hồ Chí Minh","ascii":"Ho Chi Minh"} in d' \
    "$TEST_TMP/provinces.json" && pass "json: 63 provinces" || fail "json provinces: $(head -c 300 "$TEST_TMP/provinces.json")"
check "an unknown format is refused" 2 "format must be table, csv or json" cli --format=xml ping
VC_FORMAT=csv check "VC_FORMAT is the fallback" 0 "^message" cli ping

# Tables for services and clients, no maps
out=$(cli services 2>&1)
grep -qE '^service +health +instances +queued +requests +failures$' <<< "$out" \
    && grep -qE '^auth +up +1 ' <<< "$out" && grep -qE '^scraper +down +0 ' <<< "$out" \
    && ! grep -q '=>' <<< "$out" && pass "services: a table" || fail "services: $out"
out=$(cli_op clients 2>&1)
grep -qE '^client +kind +user +address$' <<< "$out" && grep -qE ' command line +- +127\.0\.0\.1' <<< "$out" \
    && pass "clients: a table" || fail "clients: $out"
out=$(cli --format=csv services 2>&1 | tr -d '\r')
grep -q '^data,up,1,0,' <<< "$out" && pass "services: csv" || fail "services csv: $out"
out=$(cli_op --format=csv clients 2>&1 | tr -d '\r')
grep -q ',cli,-,127.0.0.1' <<< "$out" && pass "clients: csv keeps the kind's key" || fail "clients csv: $out"
check "services: --raw keeps the map" 0 '"name"=>"data", "instances"=>1' cli --raw services

# scrape-status: times are local date and time
start_service scraper scraper "$VC_BIN/vc-scraper-svc" --db="$DATA_DB" \
    --sources="$VC_SOURCE/data/sources-offline.conf"
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" --raw scrape-status 2>/dev/null | grep -q '\"finished\"=>[1-9]'"
out=$(TZ=Asia/Ho_Chi_Minh LANGUAGE=en cli scrape-status 2>&1)
stamp=$(TZ=Asia/Ho_Chi_Minh date +%d-%m-%Y)
grep -qE '^Scraper (idle|running): [0-9]+ sources, every [0-9.]+ s, next run: ([0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}:[0-9]{2}|none scheduled)$' <<< "$out" \
    && grep -qE '^source +started at +finished at +status +rows +provinces +detail$' <<< "$out" \
    && grep -qE "  $stamp [0-9]{2}:[0-9]{2}  $stamp [0-9]{2}:[0-9]{2}  " <<< "$out" && ! grep -q '=>' <<< "$out" \
    && pass "scrape-status: a table with local times, dd-mm-yyyy HH:MM" || fail "scrape-status: $out"
# In Vietnamese: the scraper's state and each run's outcome in words, the same times
out=$(TZ=Asia/Ho_Chi_Minh LANGUAGE=vi cli scrape-status 2>&1)
grep -qE '^Bộ thu thập (đang nghỉ|đang chạy): [0-9]+ nguồn' <<< "$out" \
    && grep -qE "  $stamp [0-9]{2}:[0-9]{2}  $stamp [0-9]{2}:[0-9]{2}  (đã cập nhật|không đổi|bị từ chối|thất bại) " <<< "$out" \
    && ! grep -qE '\b(idle|running|updated|unchanged|rejected|failed)\b' <<< "$out" \
    && pass "scrape-status in Vietnamese: the state and outcomes in words" \
    || fail "scrape-status in Vietnamese: $out"
out=$(cli --format=json scrape-status 2>&1)
grep -qE '"started": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4}"' <<< "$out" \
    && pass "scrape-status: json times in ISO 8601" || fail "scrape-status json: $(head -c 300 <<< "$out")"

# Colours: on a terminal only, and not with NO_COLOR
out=$(on_tty "$VC_BIN/vc-cli" services)
grep -q $'\e\[1m' <<< "$out" && pass "terminal: table header in bold" || fail "no colour on a terminal: $out"
out=$(NO_COLOR=1 on_tty "$VC_BIN/vc-cli" services)
grep -q $'\e\[' <<< "$out" && fail "NO_COLOR: colour all the same" || pass "NO_COLOR: no colour"
out=$(on_tty "$VC_BIN/vc-cli" lookup nowhere 15-12-2021)
grep -q $'\e\[31merror:' <<< "$out" && pass "terminal: 'error:' in red" || fail "error not red: $out"
out=$(cli services 2>&1; cli lookup nowhere 2>&1)
grep -q $'\e\[' <<< "$out" && fail "colour sent to a pipe" || pass "no colour into a pipe"
finish
