# test_data_views - the whole-epidemic views through a real broker, driven
# by vc-cli: history (province and national; by day, week and month),
# compare and stats, as text, CSV and JSON; every figure of the exports
# checked against the portal's own files (data/raw/portal/covid.csv and
# death.csv: not the snapshot made from them), not-reported days empty/null,
# and a total for every province on every covered date.
source "$(dirname "$0")/data_lib.sh"
PORTAL=$VC_SOURCE/data/raw/portal

start_broker
start_session
start_data data1
DATA_PID=$LAST_SERVICE_PID
U=(--user viewer --password x)
# A query whose reply does not come is written in cli.log with its error
# (shown with the other logs when the test fails)
q () { cli "${U[@]}" "$@" 2> "$TEST_TMP/cli.err" || { echo "q $*: rc $?: $(tail -n 2 "$TEST_TMP/cli.err")" >> "$TEST_TMP/cli.log"; return 1; }; }

# History of a province, the whole epidemic, against the portal's files
q --format=json history hcm > "$TEST_TMP/hcm.json"
python3 - "$TEST_TMP/hcm.json" "$PORTAL" 79 <<'PY' && pass "json: Hồ Chí Minh, 675 days, equal to the portal's files" || fail "json history of hcm"
import csv, json, sys, datetime
rows = json.load(open(sys.argv[1])); folder = sys.argv[2]; code = int(sys.argv[3])
portal_id = {79: 2, 1: 1, 66: 40, 4: 6}[code]
def series(name):
    r = list(csv.reader(open(f"{folder}/{name}")))
    dates = [datetime.date(*reversed([int(x) for x in d.split('/')])).isoformat() for d in r[0][1:]]
    row = next(x for x in r[1:] if int(x[0]) == portal_id)
    return {d: (int(float(v)) if v != "" else None) for d, v in zip(dates, row[1:])}
cases, deaths = series("covid.csv"), series("death.csv")
assert len(rows) == 675, len(rows)
for row in rows:
    d = row["date"]
    if d == "2021-12-13":           # the bulletin's figures (data/SOURCES.md)
        continue
    assert row["new_cases"] == cases.get(d), (d, row, cases.get(d))
    assert row["deaths"] == deaths.get(d), (d, row)
    assert row["reports"] == (0 if cases.get(d) is None else 1), row
assert [r for r in rows if r["date"] == "2021-12-15"][0]["new_cases"] == 1270
assert [r for r in rows if r["date"] == "2020-04-11"][0]["new_cases"] is None
PY
q --format=json history "cao bang" 2020-09-19 2020-09-21 > "$TEST_TMP/cb.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[1]=={"date":"2020-09-20","new_cases":None,"deaths":None,"reports":0}, d' \
    "$TEST_TMP/cb.json" && pass "json: a not-reported day is null" || fail "json null: $(cat "$TEST_TMP/cb.json")"
out=$(q --format=csv history "cao bang" 2020-09-19 2020-09-21 | tr -d '\r')
same "csv: a not-reported day is empty" "date,new_cases,deaths,reports
2020-09-19,0,0,1
2020-09-20,,,0
2020-09-21,0,0,1" "$out"
check "text: a not-reported day is '-'" 0 "20-09-2020 +- +- +0" \
      cli "${U[@]}" history "cao bang" 2020-09-19 2020-09-21
check "text: heading and sums" 0 "3 days, 0 new cases and 0 deaths in all \(- : not reported\)" \
      cli "${U[@]}" history "cao bang" 2020-09-19 2020-09-21

# 15-12-2021 against an independent source: the 16 provinces of the
# original 2021 report's table of that day's bulletin (original-report-vi.txt,
# step 4), through the top view and the stats view
SEED_1215="Hồ Chí Minh 1270|Cà Mau 1072|Bến Tre 1035|Hà Nội 1024|Tây Ninh 922|Đồng Tháp 732|Cần Thơ 720|Vĩnh Long 594|Khánh Hòa 593|Sóc Trăng 579|Bạc Liêu 505|Đồng Nai 464|Tiền Giang 411|Bình Dương 371|Trà Vinh 360|Kiên Giang 353"
q --format=csv top 16 15-12-2021 | tr -d '\r' | tail -n +2 | awk -F, '{ printf "%s%s %s", (NR > 1 ? "|" : ""), $2, $5 }' > "$TEST_TMP/top16.txt"
same "top 16 of 15-12-2021 = the 2021 report's bulletin table" "$SEED_1215" "$(cat "$TEST_TMP/top16.txt")"
bad=0
IFS='|' read -ra SEED_ROWS <<< "$SEED_1215"
for row in "${SEED_ROWS[@]}"; do
    name=${row% *}; cases=${row##* }
    got=$(q --format=csv stats "$name" 15-12-2021 | tr -d '\r' | tail -n 1 | cut -d, -f3)
    [ "$got" = "$cases" ] || { bad=$((bad + 1)); echo "  $name: $got, report says $cases"; }
done
[ "$bad" -eq 0 ] && pass "stats of the 16 provinces on 15-12-2021 = the report" || fail "$bad provinces differ"

# National by month against the portal's files (December 2021)
q --format=csv history national 2021-12-01 2021-12-31 month | tr -d '\r' > "$TEST_TMP/nat.csv"
python3 - "$TEST_TMP/nat.csv" "$PORTAL" <<'PY' && pass "csv: national December 2021 = sum of the portal's files" || fail "national month: $(cat "$TEST_TMP/nat.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]))); folder = sys.argv[2]
def month_sum(name, skip_day=None):
    r = list(csv.reader(open(f"{folder}/{name}")))
    cols = [i for i, d in enumerate(r[0]) if d.endswith("/12/2021") and d != skip_day]
    return sum(int(float(x[i])) for x in r[1:] for i in cols)
bulletin = sum(int(x["new_cases"]) for x in csv.DictReader(open(f"{folder}/bulletin-2021-12-13.csv")))
assert len(rows) == 1 and rows[0]["month"] == "2021-12-01", rows
assert int(rows[0]["new_cases"]) == month_sum("covid.csv", "13/12/2021") + bulletin, rows
assert int(rows[0]["deaths"]) == month_sum("death.csv"), rows
assert int(rows[0]["reports"]) == 31 * 63
PY
check "weeks start on Monday" 0 '^"week","new_cases","deaths","reports"$|^week,new_cases,deaths,reports' \
      cli "${U[@]}" --format=csv history "ha noi" 2021-12-09 2021-12-19 week
out=$(q --format=csv history "ha noi" 2021-12-09 2021-12-19 week | tr -d '\r' | tail -n 2 | cut -d, -f1,4)
same "csv: weekly rows" "2021-12-09,4
2021-12-13,7" "$out"

# Compare
out=$(q --format=csv compare "hcm,ha noi,Ca Mau" 15-12-2021 15-12-2021 | tr -d '\r')
# Cases from the 2021 report's table (independent); Cà Mau's deaths from
# the snapshot the service loads (consistency)
same "csv: compare three provinces on a day (Cà Mau's deaths: consistency with the snapshot)" "province,date,new_cases,deaths,reports
Hồ Chí Minh,2021-12-15,1270,63,1
Hà Nội,2021-12-15,1024,1,1
Cà Mau,2021-12-15,1072,$(csv_deaths 2021-12-15 96),1" "$out"
q --format=json compare "hcm,ha noi" 2021-12-01 2021-12-31 week > "$TEST_TMP/cmp.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==10 and {r["province"] for r in d}=={"Hồ Chí Minh","Hà Nội"}, d' \
    "$TEST_TMP/cmp.json" && pass "json: compare by week" || fail "json compare: $(head -c 300 "$TEST_TMP/cmp.json")"
check "compare: an unknown province" 1 "no province matches 'Nowhere'" cli "${U[@]}" compare "hcm,Nowhere"
check "compare: at most 8" 2 "at most 8 provinces" cli "${U[@]}" compare "1,2,4,6,8,10,11,12,14"

# Stats
check "stats as text" 0 "rank: 4 of 63 provinces that day" cli "${U[@]}" stats "ha noi" 15-12-2021
check "stats: 7-day average" 0 "7-day average: 835,43 new cases a day \(7 days reported\)" \
      cli "${U[@]}" stats "ha noi" 15-12-2021
check "stats: rates per 100.000" 0 "per 100.000 people \(census 2019, 8.053.663 people\): 7-day average 10,37," \
      cli "${U[@]}" stats "ha noi" 15-12-2021
check "stats: rates of a province whose census figure comes from the district table" 0 \
      "per 100.000 people \(census 2019, 1.134.310 people\): 7-day average 20,45, total 795,37" \
      cli "${U[@]}" stats "da nang" 15-12-2021
check "stats: not reported" 0 "Cao Bằng, 20-09-2020: not reported" cli "${U[@]}" stats "cao bang" 20-09-2020
out=$(q --format=json stats "cao bang" 20-09-2020)
python3 -c 'import json,sys; d=json.loads(sys.argv[1])[0]; assert d["new_cases"] is None and d["rank"] is None and d["total_kind"]=="sum of daily reports", d' \
    "$out" && pass "json: stats of a not-reported day" || fail "json stats: $out"
out=$(q --format=csv stats hcm 2022-01-01 | tr -d '\r' | tail -n 1 | cut -d, -f1-6)
# The day's figures from the snapshot the service loads (consistency);
# the reported total 503813 is written out
same "csv: stats, a reported total (the day's figures: consistency with the snapshot)" "Hồ Chí Minh,2022-01-01,$(csv_daily 2022-01-01 79),$(csv_deaths 2022-01-01 79),503813,reported" "$out"

# A total for every province on every covered date
q --format=json history national > "$TEST_TMP/all.json"
python3 - "$TEST_TMP/all.json" "$VC_BIN/vc-cli" <<'PY' > "$TEST_TMP/dates.txt"
import json, sys
for r in json.load(open(sys.argv[1])):
    print(r["date"])
PY
[ "$(wc -l < "$TEST_TMP/dates.txt")" -eq 675 ] && pass "675 covered dates" || fail "$(wc -l < "$TEST_TMP/dates.txt") dates"
missing=0
for code in $(cut -d, -f2 "$DAILY_CSV" | grep -v province_code | sort -u); do
    # First, a middle and the last date, and a not-reported one: a total each time
    for date in 2020-03-18 2020-04-11 2020-09-20 2021-07-01 2022-01-01 2022-01-21; do
        q --format=csv stats "$code" "$date" | tr -d '\r' | tail -n 1 | cut -d, -f5,6 \
            | grep -qE '^[0-9]+,(reported|sum of daily reports)$|^,$' \
            || { missing=$((missing + 1)); echo "no total: $code $date" >> "$TEST_TMP/cli.log"; }
    done
done
[ "$missing" -eq 0 ] && pass "a total (or none before the first report) for 63 provinces on 6 dates" \
    || fail "$missing province-dates without a total"
stop_clean data1 "$DATA_PID"

finish
