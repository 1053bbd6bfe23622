# scraper_lib.sh - helpers of the scraper service test scripts: the fixture
# HTTP server on 127.0.0.1, sources files, vc-scraper-svc instances, waiting
# for runs and events, and reading the case store of this run's backend
# (sqlite3 or psql; VC_TEST_DB=postgresql: a database of the test's own
# PostgreSQL server, see tests/integration/pg.sh).
source "$VC_SOURCE/tests/integration/lib.sh"
VC_FIXTURES=${VC_FIXTURES:-$VC_SOURCE/tests/scraper/fixtures}
VC_DATA_DIR=${VC_DATA_DIR:-$VC_SOURCE/data}
PAGES=$TEST_TMP/pages
mkdir -p "$PAGES"

command -v sqlite3 > /dev/null || { echo "sqlite3 is not installed (scripts/packages.txt)"; exit 1; }

# Start fixture_httpd serving $PAGES; sets HTTP (http://127.0.0.1:PORT).
start_fixture () {
    "$VC_BIN/fixture_httpd" --root "$PAGES" --lifetime 280 > "$TEST_TMP/httpd.port" 2> "$TEST_TMP/httpd.log" &
    TEST_PIDS+=("$!")
    wait_for 5 test -s "$TEST_TMP/httpd.port" || fail "fixture_httpd did not start"
    HTTP=http://127.0.0.1:$(head -1 "$TEST_TMP/httpd.port")
}

# Copy fixture pages into $PAGES: page FIXTURE [NAME].
page () { cp "$VC_FIXTURES/$1" "$PAGES/${2:-$1}"; }

# start_scraper NAME DB SOURCES [options]: one vc-scraper-svc, registered.
start_scraper () {
    local name=$1 db=$2 sources=$3; shift 3
    start_service "$name" scraper "$VC_BIN/vc-scraper-svc" --db="$db" --sources="$sources" \
        --log-level=debug "$@"
    SCRAPER_PID=$LAST_SERVICE_PID
}

stop_scraper () {
    kill "$SCRAPER_PID" 2>/dev/null
    wait "$SCRAPER_PID" 2>/dev/null
}

# Wait until no run is going on (at most $1 seconds).
wait_idle () {
    wait_for "${1:-20}" bash -c "\"$VC_BIN/vc-cli\" --raw scrape-status 2>/dev/null | grep -q '\"running\"=>false'"
}

# Wait until the watch log has at least N lines matching PATTERN (30 s).
wait_events () {
    local count=$1 pattern=$2
    wait_for 30 bash -c "[ \$(grep -cE -- '$pattern' '$WATCH_LOG') -ge $count ]"
}

# Count lines of the watch log matching PATTERN.
events () { grep -cE -- "$1" "$WATCH_LOG"; }

sql () { db_sql "$1" "$2"; }

# SQL of a store's day number as yyyy-mm-dd, and of a code as two digits
if [ "$VC_TEST_DB" = postgresql ]; then
    SQL_DATE="to_char (date '1970-01-01' + day, 'YYYY-MM-DD')"
    SQL_CODE="lpad (code::text, 2, '0')"
else
    SQL_DATE="date (day * 86400, 'unixepoch')"
    SQL_CODE="printf ('%02d', code)"
fi

# Start watching scrape events into $WATCH_LOG.
start_watch () {
    spawn watch "$VC_BIN/vc-cli" watch scrape.,service.
    WATCH_LOG=$TEST_TMP/watch.log
    wait_for 5 grep -q "watching" "$WATCH_LOG" || fail "vc-cli watch did not start"
}
