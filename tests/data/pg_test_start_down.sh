# pg_test_start_down - services started while PostgreSQL is down: an auth
# instance, a data service (no copy in memory yet) and a scraper start and
# register anyway, and what needs the store is answered '503 store
# unavailable' well within the broker's request timeout (a sign-up, a
# lookup, a scrape run); once the database is back the same processes (not
# restarted) open it and serve: the sign-up is stored, the lookup answered,
# a scraped page checked against the store and its run recorded. A store
# that is reached but refused (a newer schema) or an address holding a
# password still stops each of them at start. Registered for the
# PostgreSQL run only.
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/data/data_lib.sh"
VC_FIXTURES=${VC_FIXTURES:-$VC_SOURCE/tests/scraper/fixtures}
source "$VC_SOURCE/tests/scraper/scraper_lib.sh"
test_db AUTH_DB auth
PW=password-123

start_broker
start_watch
# A signed-in shell first (the account made while the database is up): its
# session lives on in the broker while the store is down
start_service auth1 auth "$VC_BIN/vc-auth-svc" --db="$AUTH_DB" --log-level=debug
AUTH1_PID=$LAST_SERVICE_PID
check "sign up while the database is up" 0 "account created" cli signup early "$PW"
open_shell S 7
echo "signin early $PW" >&7
wait_for 10 grep -q "^signed in" "$TEST_TMP/S.out" || fail "the shell did not sign in: $(cat "$TEST_TMP/S.out")"
kill "$AUTH1_PID"; wait "$AUTH1_PID" 2>/dev/null

pg_kill9 && pass "PostgreSQL killed with SIGKILL" || fail "PostgreSQL did not die"
start_fixture
# The national portal's reply of 19-09-2021, a real copy (tests/scraper/fixtures/README.md)
page real-feed-ncsc-provinces-2021-09-19.json feed.json
cat > "$TEST_TMP/sources.conf" <<CONF
[good-feed]
url = $HTTP/pages/feed.json
parser = feed_json
CONF
start_service auth2 auth "$VC_BIN/vc-auth-svc" --db="$AUTH_DB" --log-level=debug
AUTH2_PID=$LAST_SERVICE_PID
start_data data1 --cache-seconds=0
DATA_PID=$LAST_SERVICE_PID
start_scraper scraper1 "$DATA_DB" "$TEST_TMP/sources.conf" --data-dir= --timeout=5 --retries=1 \
    --refresh-cooldown=0 --interval-seconds=3600
sleep 1
kill -0 "$AUTH2_PID" && kill -0 "$DATA_PID" && kill -0 "$SCRAPER_PID" \
    && pass "auth, data and scraper started and registered while the database is down" \
    || fail "a service exited: $(tail -n 3 "$TEST_TMP"/auth2.log "$TEST_TMP"/data1.log "$TEST_TMP"/scraper1.log)"

# While it is down: 503 store unavailable, at once
start=$(now_ms)
out=$(cli --raw --timeout=8000 signup late "$PW" 2>&1)
took=$(( $(now_ms) - start ))
if grep -q "store unavailable" <<< "$out" && grep -q "503" <<< "$out" && [ "$took" -lt 3000 ]; then
    pass "a sign-up to an instance started while the store is down: 503 store unavailable in $took ms"
else
    fail "sign-up while down: $out (in $took ms)"
fi
before=$(wc -l < "$TEST_TMP/S.out")
start=$(now_ms)
echo "lookup hcm 15-12-2021" >&7
wait_for 8 bash -c "[ \$(wc -l < '$TEST_TMP/S.out') -gt $before ]"
took=$(( $(now_ms) - start ))
if tail -n +$((before + 1)) "$TEST_TMP/S.out" | grep -q "store unavailable" && [ "$took" -lt 3000 ]; then
    pass "a lookup to a data service with no copy yet: 503 store unavailable in $took ms"
else
    fail "lookup while down (in $took ms): $(tail -n +$((before + 1)) "$TEST_TMP/S.out")"
fi
wait_events 1 "scrape.failed .*good-feed.*store unavailable" \
    && pass "the scraper's first run: scrape.failed 'store unavailable'" \
    || fail "no 'store unavailable' run: $(tail -n 3 "$WATCH_LOG")"

# The database is back: the same processes serve
pg_restart && pass "PostgreSQL restarted" || fail "PostgreSQL did not restart"
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" signup late $PW 2>&1 | grep -q 'account created'" \
    && pass "the same auth instance stores sign-ups once the database is back" \
    || fail "no sign-up after the restart: $(cli signup late "$PW" 2>&1)"
[ "$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username IN ('early', 'late')")" = 2 ] \
    && pass "both accounts are in the store" || fail "accounts missing from the store"
wait_for 30 grep -q "store available again" "$TEST_TMP/data1.log" \
    && pass "the data service copied the store by itself" || fail "the data service did not copy the store"
before=$(wc -l < "$TEST_TMP/S.out")
echo "lookup hcm 15-12-2021" >&7
wait_for 10 bash -c "tail -n +$((before + 1)) '$TEST_TMP/S.out' | grep -q 'Hồ Chí Minh, 15-12-2021'" \
    && pass "the lookup is answered once the database is back" \
    || fail "lookup after the restart: $(tail -n +$((before + 1)) "$TEST_TMP/S.out")"
wait_idle
cli refresh > /dev/null
# (of the reply's new cases of 19-09-2021 only Hưng Yên's 1 differs from
# the snapshot's 0: the page is refused and the stored figure kept)
wait_events 1 "scrape.failed .*good-feed rejected: 1 figure differs .*Hưng Yên 19-09-2021: 1 ≠ 0 \(\+1\)" \
    && pass "the same scraper checks the page against the store once the database is back" \
    || fail "no run against the store after the restart: $(tail -n 3 "$WATCH_LOG")"
[ "$(db_sql "$DATA_DB" "SELECT COUNT(*) FROM scrapes WHERE source = 'good-feed'")" -ge 1 ] \
    && pass "the run is recorded in the store" || fail "the run is not in the store"
kill -0 "$AUTH2_PID" && kill -0 "$DATA_PID" && kill -0 "$SCRAPER_PID" \
    && pass "no service restarted" || fail "a service died"

# What is not worth waiting for still stops a service at start, at once:
# an address holding a password (it would show in ps and in logs), and a
# database of a newer schema than the program
SECRET=pw$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
args () {
    case $1 in
        vc-auth-svc) echo "--db=$2" ;;
        vc-data-svc) echo "--db=$2 --data-dir=$VC_DATA_DIR" ;;
        *) echo "--db=$2 --sources=$TEST_TMP/sources.conf --data-dir=" ;;
    esac
}
for prog in vc-auth-svc vc-data-svc vc-scraper-svc; do
    db=$AUTH_DB; [ "$prog" = vc-auth-svc ] || db=$DATA_DB
    out=$(timeout 20 "$VC_BIN/$prog" $(args "$prog" "${db/:\/\/vc@/://vc:$SECRET@}") 2>&1); rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "holds a password" <<< "$out" && ! grep -q "$SECRET" <<< "$out"; then
        pass "$prog refuses an address holding a password (exit $rc), without printing it"
    else
        fail "$prog with a password in --db: exit $rc: $(head -c 300 <<< "$out")"
    fi
done
db_sql "$AUTH_DB" "UPDATE vc_schema SET version = 99 WHERE name = 'auth'"
db_sql "$DATA_DB" "UPDATE vc_schema SET version = 99 WHERE name = 'cases'"
for prog in vc-auth-svc vc-data-svc vc-scraper-svc; do
    db=$AUTH_DB; schema=auth; [ "$prog" = vc-auth-svc ] || { db=$DATA_DB; schema=cases; }
    out=$(timeout 20 "$VC_BIN/$prog" $(args "$prog" "$db") 2>&1); rc=$?
    if [ "$rc" -eq 1 ] && grep -q "schema '$schema' version 99, newer than this program" <<< "$out"; then
        pass "$prog refuses a database of a newer schema '$schema' at start (exit 1)"
    else
        fail "$prog on a newer schema: exit $rc: $(tail -n 3 <<< "$out")"
    fi
done
exec 7>&-
finish
