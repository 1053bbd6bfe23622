# test_scraper_svc - vc-scraper-svc as a real process with a real broker,
# scraping pages served by fixture_httpd on 127.0.0.1.
#  1. Broken sources (slow, truncated, wrong encoding, HTTP 500, cut
#     connection, half the provinces, negative counts, not JSON, a real
#     bulletin whose Gia Lai differs from the shipped figure): the store
#     is unchanged, each is recorded and published as scrape.failed with its
#     reason; the service keeps its heartbeats through a fetch longer than
#     the broker's liveness; refresh while running, cooldown, unknown op.
#  2. Good sources into a new store: rows + scrape.updated; a refresh
#     against the same page is "not modified" (ETag); a changed page is
#     updated and served by vc-data-svc without restart (when built); a
#     page whose total falls is rejected and changes nothing.
#  3. PostgreSQL only: the database killed, a run says 'store unavailable'
#     and writes nothing; after a restart of the database the same scraper
#     stores the page and the data service serves it.
source "$(dirname "$0")/scraper_lib.sh"

start_broker
start_watch
sleep 0.5
start_fixture

# --- 1. Broken sources -------------------------------------------------
# Real copies and their variants (fixtures/README.md, make_variants.py)
for name in variant-bulletin-baodongthap-2021-12-15-cut.html \
            variant-bulletin-baodongthap-2021-12-15-cp1258.html \
            variant-feed-ncsc-provinces-2021-09-19-half.json \
            variant-feed-ncsc-provinces-2021-09-19-negative.json \
            real-covid19-gov-vn-2021-11-27.html real-bulletin-baokhanhhoa-2021-12-29.html \
            real-bulletin-baodongthap-2021-12-15.html; do
    page "$name"
done
# The bulletin of 18-10-2021 with the published time its site gave it
page real-bulletin-tuoitre-2021-10-18.html tuoitre.html
sed -i '0,/<head>/s//<head><meta property="article:published_time" content="2021-10-18T18:30:00+07:00">/' \
    "$PAGES/tuoitre.html"
BROKEN=$TEST_TMP/broken.conf
cat > "$BROKEN" <<CONF
# Broken pages, each in its own way
[slow]
url = $HTTP/slow/8000/real-bulletin-baokhanhhoa-2021-12-29.html
parser = bulletin_html
[truncated]
url = $HTTP/pages/variant-bulletin-baodongthap-2021-12-15-cut.html
parser = bulletin_html
[encoding]
url = $HTTP/pages/variant-bulletin-baodongthap-2021-12-15-cp1258.html?charset=koi8-r
parser = bulletin_html
[error500]
url = $HTTP/status/500
parser = totals_html
[cut]
url = $HTTP/cut/real-bulletin-baodongthap-2021-12-15.html
parser = bulletin_html
[half]
url = $HTTP/pages/variant-feed-ncsc-provinces-2021-09-19-half.json
parser = feed_json
[negative]
url = $HTTP/pages/variant-feed-ncsc-provinces-2021-09-19-negative.json
parser = feed_json
[notjson]
url = $HTTP/pages/real-covid19-gov-vn-2021-11-27.html
parser = feed_json
[differs]
url = $HTTP/pages/tuoitre.html
parser = bulletin_html
[disabled]
url = $HTTP/pages/real-bulletin-baodongthap-2021-12-15.html
parser = bulletin_html
enabled = no
CONF
test_db DB1 seeded
start_scraper scraper1 "$DB1" "$BROKEN" --data-dir="$VC_DATA_DIR" --timeout=4 --retries=0 \
    --refresh-cooldown=60 --interval-seconds=3600
sleep 0.6
check "status shows the run going on" 0 '"running"=>true' cli --raw scrape-status
check "refresh during a run: already running" 0 "^already running" cli refresh
# A ping of the broker itself, now, is the reference: a scraper whose loop
# waited for the fetch would answer only when the 8 s page or the 4 s fetch
# limit ends, seconds later than the reference.
start=$(now_ms)
cli ping > /dev/null || fail "the broker does not answer"
reference=$(( $(now_ms) - start ))
start=$(now_ms)
check "ping answered during a slow fetch" 0 "pong" cli ping scraper
elapsed=$(( $(now_ms) - start ))
[ "$elapsed" -lt $(( reference + 2000 )) ] \
    && pass "ping took ${elapsed} ms during the fetch (the broker alone: ${reference} ms)" \
    || fail "ping took ${elapsed} ms during the fetch (the broker alone: ${reference} ms)"
sleep 3.5
check "still registered after a fetch longer than the broker's liveness" 0 "pong" cli ping scraper
grep -q "service.lost" "$WATCH_LOG" && fail "scraper was lost during a slow fetch" \
                                    || pass "no service.lost during the slow fetch"
wait_idle 30 || fail "the broken run did not end"
wait_events 9 "scrape.failed" || fail "expected 9 scrape.failed events, got $(events scrape.failed)"
for expect in "slow failed: the server did not answer in time" \
              "truncated rejected: page is incomplete" \
              "encoding rejected: no list of new cases by province in the page" \
              "error500 failed: HTTP 500" \
              "cut failed: the page was cut short in transfer" \
              "half rejected: only 30 provinces in the page, at least 50 expected" \
              "negative rejected: negative daily count for Cần Thơ" \
              "notjson rejected: not a JSON feed" \
              "differs rejected: 1 figure differs from the one stored for its day \(page ≠ stored\); nothing was changed: Gia Lai 18-10-2021: 40 ≠ 25 \(\+15\)$"; do
    grep -qE "scrape.failed .*client=- .*$expect" "$WATCH_LOG" && pass "event: $expect" \
        || fail "no scrape.failed event matching '$expect'"
done
[ "$(events 'scrape.(updated|unchanged)')" -eq 0 ] && pass "no update event from broken pages" \
    || fail "broken pages gave update events"
grep -q "disabled" "$WATCH_LOG" && fail "a disabled source was scraped" || pass "disabled source skipped"
check "store holds no scraped daily row" 0 "^0$" \
      sql "$DB1" "SELECT COUNT(*) FROM daily_cases WHERE source NOT LIKE 'snapshot%'"
check "store holds no scraped total" 0 "^0$" \
      sql "$DB1" "SELECT COUNT(*) FROM totals WHERE source NOT LIKE 'snapshot%'"
check "snapshot figures untouched" 0 "^2007706\|1713099$" \
      sql "$DB1" "SELECT (SELECT SUM(new_cases) FROM daily_cases), (SELECT SUM(total_cases) FROM totals)"
check "Gia Lai keeps the shipped 25 for 18-10-2021" 0 "^25$" \
      sql "$DB1" "SELECT new_cases FROM daily_cases WHERE code = 64 AND day = 18918"
check "scrape-status names the difference" 0 "^differs .* rejected .*Gia Lai 18-10-2021: 40 ≠ 25 \(\+15\)$" \
      cli scrape-status
LANGUAGE=vi check "scrape-status names it in Vietnamese" 0 \
      "1 số liệu khác với số đã lưu cho cùng ngày \(trang ≠ đã lưu\); không thay đổi gì: Gia Lai 18-10-2021: 40 ≠ 25 \(\+15\)$" \
      cli scrape-status
# Every reason with its message id: said by it, in the scraper's own words
# (libcurl's and json-c's errors too), none left in English
check "status: a row check's reason with its message id" 0 \
      '"detail"=>"negative daily count for Cần Thơ on 2021-09-19: -52", "msgid"=>"negative daily count for %s on %s: -%d", "args"=>\["Cần Thơ", "2021-09-19", "52"\]' \
      cli --raw scrape-status
check "status: a fetch's reason with its message id" 0 \
      '"detail"=>"the server did not answer in time", "msgid"=>"the server did not answer in time"' \
      cli --raw scrape-status
out=$(LANGUAGE=vi cli scrape-status 2>&1)
for expect in "^slow .* máy chủ không trả lời kịp thời hạn$" \
              "^cut .* trang bị cắt ngang khi truyền( \(sau [0-9] lần thử\))?$" \
              "^negative .* số ca mới của Cần Thơ ngày 19-09-2021 là số âm: -52$" \
              "^notjson .* không phải nguồn cấp dữ liệu JSON: .*vị trí"; do
    grep -qE "$expect" <<< "$out" && pass "scrape-status in Vietnamese: $expect" \
        || fail "scrape-status in Vietnamese, no '$expect': $out"
done
runs=$(sql "$DB1" "SELECT source || '=' || status FROM scrapes ORDER BY id" | paste -sd ' ')
[ "$runs" = "slow=failed truncated=rejected encoding=rejected error500=failed cut=failed half=rejected negative=rejected notjson=rejected differs=rejected" ] \
    && pass "every run recorded in the store" || fail "scrapes table: $runs"
check "reasons recorded in the store" 0 "only 30 provinces" \
      sql "$DB1" "SELECT detail FROM scrapes WHERE source = 'half'"
check "status lists every source's last run" 0 \
      '"source"=>"notjson", "started"=>[0-9]+, "finished"=>[0-9]+, "status"=>"rejected", "detail"=>"not a JSON feed' \
      cli --raw scrape-status
check "status: schedule" 0 '"running"=>false, "sources"=>9, "interval"=>3600, "next"=>[0-9]{10}' cli --raw scrape-status
check "refresh within the cooldown is refused" 1 "try again in [0-9]+ s \(429 busy\)" cli --raw refresh
check "unknown operation" 1 "unknown operation \(400 bad request\)" cli --raw call scraper frobnicate
start=$(now_ms)
stop_scraper
elapsed=$(( $(now_ms) - start ))
# Nothing runs now: a stop is the loop ending and the store closing; 5 s is
# far beyond that even on a busy machine, and far below a hang.
[ "$elapsed" -lt 5000 ] && pass "stops promptly on SIGTERM (${elapsed} ms)" || fail "stop took ${elapsed} ms"

# --- 2. Good sources into a new store ----------------------------------
page real-feed-ncsc-provinces-2021-09-19.json feed.json
page real-bulletin-baokhanhhoa-2021-12-29.html bulletin.html
GOOD=$TEST_TMP/good.conf
cat > "$GOOD" <<CONF
[good-feed]
url = $HTTP/pages/feed.json
parser = feed_json
[good-bulletin]
url = $HTTP/pages/bulletin.html
parser = bulletin_html
CONF
test_db DB2 fresh
start_scraper scraper2 "$DB2" "$GOOD" --data-dir= --timeout=5 --retries=1 \
    --refresh-cooldown=0 --interval-seconds=3600
wait_events 1 "good-bulletin" || fail "no event for good-bulletin"
check "event: the portal's reply stored" 0 \
      "scrape.updated +client=- .*good-feed: 126 rows for 63 provinces, 19-09-2021" cat "$WATCH_LOG"
check "event: real bulletin stored" 0 \
      "scrape.updated +client=- .*good-bulletin: 60 rows for 60 provinces, 29-12-2021" cat "$WATCH_LOG"
check "60 daily figures for 29-12-2021" 0 "^60$" sql "$DB2" "SELECT COUNT(*) FROM daily_cases WHERE day = 18990"
check "63 totals in the store" 0 "^63$" sql "$DB2" "SELECT COUNT(*) FROM totals WHERE source = 'good-feed'"
check "63 daily figures for 19-09-2021" 0 "^63$" sql "$DB2" "SELECT COUNT(*) FROM daily_cases WHERE day = 18889"
check "Hồ Chí Minh total stored" 0 "^337048$" sql "$DB2" "SELECT total_cases FROM totals WHERE code = 79"
check "Hồ Chí Minh's new cases stored" 0 "^5496$" sql "$DB2" "SELECT new_cases FROM daily_cases WHERE code = 79 AND day = 18889"
check "status: updated" 0 '"source"=>"good-feed", .*"status"=>"updated", .*"rows"=>126, "provinces"=>63' \
      cli --raw scrape-status
check "status: what the bulletin gave, list by list" 0 \
      '"source"=>"good-bulletin", .*"notes"=>\["read: 60 provinces after .*sum 13873 as stated"\]' \
      cli --raw scrape-status
check "scrape-status prints the notes" 0 "^good-bulletin: read: 60 provinces after '.*', sum 13.873 as stated$" \
      cli scrape-status
LANGUAGE=vi check "scrape-status prints the notes in Vietnamese" 0 \
      "^good-bulletin: đã đọc: 60 tỉnh sau '.*', tổng 13.873, khớp với số trang ghi$" cli scrape-status

# The data service, on the same store, when it is built
DATA=0
if [ -x "$VC_BIN/vc-data-svc" ] && [ -x "$VC_BIN/vc-test-session-svc" ]; then
    start_service session auth "$VC_BIN/vc-test-session-svc"
    start_service data data "$VC_BIN/vc-data-svc" --db="$DB2" --data-dir= --log-level=debug
    DATA=1
    # The total published for 19-09-2021 (a lookup without a date answers
    # as of the last covered day, 29-12-2021, which has no published total)
    check "data service serves the scraped total" 0 '"total"=>337048' \
          cli --user tester --password password1 call data stats province=hcm date=19-09-2021
else
    echo "# skipped: vc-data-svc or vc-test-session-svc not built in $VC_BIN"
fi

check "refresh starts a run" 0 "^refresh started" cli refresh
wait_idle || fail "refresh run did not end"
wait_events 1 "scrape.unchanged +client=[0-9a-f]+ .*good-feed: not modified since the last fetch" \
    && pass "same page again: not modified (ETag), event names the client" \
    || fail "no 'not modified' event after refresh"
check "status: unchanged" 0 '"source"=>"good-feed", .*"status"=>"unchanged", "detail"=>"not modified' \
      cli --raw scrape-status

sed -i 's/"total_case":337048,/"total_case":338172,/' "$PAGES/feed.json"
check "refresh after the page changed" 0 "^refresh started" cli refresh
wait_events 1 "scrape.updated +client=[0-9a-f]+ .*good-feed: 1 row for 1 province, 19-09-2021" \
    && pass "changed page: scrape.updated for one province" || fail "no update event for the changed page"
check "new total stored" 0 "^338172$" sql "$DB2" "SELECT total_cases FROM totals WHERE code = 79"
if [ "$DATA" = 1 ]; then
    wait_for 5 bash -c "\"$VC_BIN/vc-cli\" --user tester --password password1 call data stats province=hcm date=19-09-2021 | grep -q '\"total\"=>338172'" \
        && pass "data service serves the new total without a restart" \
        || fail "data service still serves the old total"
fi

sed -i 's/"total_case":338172,/"total_case":300000,/' "$PAGES/feed.json"
cli refresh > /dev/null
wait_events 1 "scrape.failed .*good-feed rejected: total for Hồ Chí Minh fell from 338172 to 300000" \
    && pass "falling total: scrape.failed with the reason" || fail "no rejection of a falling total"
wait_idle
check "store keeps the higher total" 0 "^338172$" sql "$DB2" "SELECT total_cases FROM totals WHERE code = 79"
check "rejection recorded" 0 "^rejected\|total for Hồ Chí Minh fell" \
      sql "$DB2" "SELECT status, detail FROM scrapes WHERE source = 'good-feed' ORDER BY id DESC LIMIT 1"
cli refresh > /dev/null
wait_events 2 "good-feed rejected: total for Hồ Chí Minh fell" \
    && pass "a rejected page is fetched again in full next time" || fail "rejected page was not re-read"

# The database goes away (PostgreSQL only): the run says 'store unavailable'
# at once and writes nothing, no update event; once the server is back the
# next run stores the page, without a restart of the scraper
if [ "$VC_TEST_DB" = postgresql ]; then
    wait_idle
    sed -i 's/"total_case":300000,/"total_case":340000,/' "$PAGES/feed.json"
    pg_kill9 && pass "PostgreSQL killed with SIGKILL" || fail "PostgreSQL did not die"
    updated=$(events "scrape.updated")
    start=$(now_ms)
    cli refresh > /dev/null
    wait_events 1 "scrape.failed .*good-feed.*store unavailable" \
        && pass "a run while the database is down: scrape.failed 'store unavailable' after $(( $(now_ms) - start )) ms" \
        || fail "no 'store unavailable' run: $(tail -n 4 "$WATCH_LOG"; grep -i "good-feed\|store" "$TEST_TMP/scraper2.log" | tail -n 5)"
    [ "$(events "scrape.updated")" -eq "$updated" ] && pass "no update event while the database is down" \
        || fail "an update event while the database was down"
    pg_restart && pass "PostgreSQL restarted" || fail "PostgreSQL did not restart"
    wait_idle
    cli refresh > /dev/null
    wait_events 2 "scrape.updated .*good-feed: 1 row for 1 province" \
        && pass "the same scraper stores the page once the database is back" || fail "no update after the restart"
    check "the total written after the restart" 0 "^340000$" sql "$DB2" "SELECT total_cases FROM totals WHERE code = 79"
    if [ "$DATA" = 1 ]; then
        wait_for 10 bash -c "\"$VC_BIN/vc-cli\" --user tester --password password1 call data stats province=hcm date=19-09-2021 | grep -q '\"total\"=>340000'" \
            && pass "the data service serves it from its new copy" || fail "data service still serves the old total"
    fi
fi
stop_scraper

finish
