# test_scraper_offline - the offline import: vc-scraper-svc reads
# data/sources-offline.conf (file: URLs of the shipped raw pages) into a
# new, empty store, and the store then equals the shipped snapshot row for
# row over the days the pages cover, published zeros included; the schedule runs again after --interval-seconds and finds nothing
# new; a store seeded from the snapshot finds the pages unchanged; a
# missing sources file or a bad option stops the service with a reason.
source "$(dirname "$0")/scraper_lib.sh"

OFFLINE=$VC_SOURCE/data/sources-offline.conf
SNAPSHOT=$VC_DATA_DIR/snapshot

check "--help lists the options" 0 "--interval-seconds" "$VC_BIN/vc-scraper-svc" --help
check "missing sources file" 2 "cannot read sources" \
      "$VC_BIN/vc-scraper-svc" --sources="$TEST_TMP/none.conf" --db="$TEST_TMP/x.db"
check "bad interval" 2 "--interval: 'soon' is not a whole number" \
      "$VC_BIN/vc-scraper-svc" --sources="$OFFLINE" --interval=soon --db="$TEST_TMP/x.db"

start_broker
start_watch
sleep 0.5

test_db DB import
start_scraper import "$DB" "$OFFLINE" --data-dir= --interval-seconds=3
wait_events 4 "snapshot-" || fail "the import did not report every source"
check "timeline imported" 0 \
      "scrape.updated .*snapshot-timeline: 3276 rows for 63 provinces, 01-12-2021 to 21-01-2022 \(52 days\)" \
      cat "$WATCH_LOG"
check "consistency: the offline bulletin of 15-12-2021 agrees with the offline timeline" 0 \
      "scrape.unchanged .*snapshot-bulletin: same figures as stored" cat "$WATCH_LOG"
check "totals imported" 0 "scrape.updated .*snapshot-totals: 49 rows for 49 provinces, 01-01-2022" \
      cat "$WATCH_LOG"
check "feed agrees with the totals page" 0 "scrape.unchanged .*snapshot-feed: same figures as stored" \
      cat "$WATCH_LOG"

# Row for row against the snapshot over the days the pages cover: every
# province every day, the zeros a bulletin leaves out included. The offline
# pages are made from that snapshot, so this proves consistency (nothing
# lost or changed on the way through the parsers and the store), not that
# the figures are right
sql "$DB" "SELECT $SQL_DATE || ',' || $SQL_CODE || ',' || new_cases
           FROM daily_cases ORDER BY day, code" > "$TEST_TMP/daily.db.csv"
awk -F, 'NR > 1 && $1 >= "2021-12-01" && $1 <= "2022-01-21" { print $1 "," $2 "," $3 }' \
    "$SNAPSHOT/daily_cases.csv" | sort > "$TEST_TMP/daily.snapshot.csv"
sort "$TEST_TMP/daily.db.csv" | cmp -s - "$TEST_TMP/daily.snapshot.csv" \
    && pass "consistency: daily figures equal the snapshot ($(wc -l < "$TEST_TMP/daily.db.csv") rows)" \
    || fail "daily figures differ from the snapshot"
sql "$DB" "SELECT $SQL_DATE || ',' || $SQL_CODE || ',' || total_cases
           FROM totals" | sort > "$TEST_TMP/totals.db.csv"
tail -n +2 "$SNAPSHOT/totals.csv" | sort > "$TEST_TMP/totals.snapshot.csv"
cmp -s "$TEST_TMP/totals.db.csv" "$TEST_TMP/totals.snapshot.csv" \
    && pass "consistency: totals equal the snapshot ($(wc -l < "$TEST_TMP/totals.db.csv") rows)" \
    || fail "totals differ from the snapshot"
check "rows tagged with their source" 0 "^snapshot-timeline\|3276$" \
      sql "$DB" "SELECT source, COUNT(*) FROM daily_cases GROUP BY source"

# The schedule: another run after 3 s, nothing new
wait_events 1 "scrape.unchanged .*snapshot-timeline" \
    && pass "scheduled run after the interval finds nothing new" || fail "no scheduled second run"
runs=$(sql "$DB" "SELECT COUNT(*) FROM scrapes WHERE source = 'snapshot-timeline'")
[ "$runs" -ge 2 ] && pass "scheduled runs recorded ($runs)" || fail "$runs runs recorded"
check "status shows the next run" 0 '"interval"=>3, "next"=>[0-9]{10}' cli --raw scrape-status
stop_scraper

# A store seeded from the snapshot: the shipped pages hold nothing new
test_db DB2 seeded
: > "$WATCH_LOG"
start_scraper seeded "$DB2" "$OFFLINE" --data-dir="$VC_DATA_DIR" --interval=0
wait_events 4 "snapshot-" || fail "the seeded run did not report every source"
[ "$(events 'scrape.unchanged')" -eq 4 ] && pass "seeded store: every source unchanged" \
    || fail "seeded store: $(grep scrape. "$WATCH_LOG")"
check "interval 0: no next run" 0 '"interval"=>0, "next"=>0' cli --raw scrape-status
stop_scraper

finish
