# data_lib.sh - helpers shared by the data service test scripts: the
# snapshot's figures, and starting data service instances on a test store
# of this run's backend (a SQLite file, or with VC_TEST_DB=postgresql a
# database of the test's own PostgreSQL server).
source "$VC_SOURCE/tests/integration/lib.sh"
VC_DATA_DIR=${VC_DATA_DIR:-$VC_SOURCE/data}
DAILY_CSV=$VC_DATA_DIR/snapshot/daily_cases.csv
test_db DATA_DB cases

# The snapshot's figures are what the data service loads: a check whose
# expected value comes from them proves consistency (the service answers
# what it loaded), not correctness. Such checks are named "consistency:";
# checks of correctness compare with figures written out in the tests from
# independent sources (the Ministry's bulletins, the 2021 report's table).

# New cases of province CODE on DATE (yyyy-mm-dd) in the shipped snapshot.
csv_daily () {
    awk -F, -v d="$1" -v c="$2" '$1 == d && $2 + 0 == c + 0 { print $3 }' "$DAILY_CSV"
}

# Sum of the new cases of province CODE up to DATE (yyyy-mm-dd) in the
# shipped snapshot.
csv_sum_to () {
    awk -F, -v d="$1" -v c="$2" '$1 != "date" && $1 <= d && $2 + 0 == c + 0 { sum += $3 } END { print sum + 0 }' "$DAILY_CSV"
}

# start_data NAME [options]: one vc-data-svc instance on the test store.
start_data () {
    local name=$1; shift
    start_service "$name" data "$VC_BIN/vc-data-svc" --db="$DATA_DB" \
        --data-dir="$VC_DATA_DIR" --log-level=debug "$@"
}

# Sign-in stand-in registered as "auth" (any username, any password).
start_session () {
    start_service session auth "$VC_BIN/vc-test-session-svc"
    SESSION_PID=$LAST_SERVICE_PID
}

# packed BY: whole histories packed so far on a request, or by the fill
# (data-svc's counter on its metrics port, METRICS_PORT)
packed () {
    curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" \
        | awk -v s="vc_data_history_packed_total{by=\"$1\"}" '$1 == s { print $2 }'
}

# cache_setup SECONDS: a broker, data1 with --cache-seconds=SECONDS and its
# metrics (DATA_LOG its log), and the sign-in stand-in; q runs the CLI as
# the user tester.
cache_setup () {
    start_broker
    METRICS_PORT=$(free_port)
    start_data data1 --cache-seconds="$1" --metrics="$METRICS_PORT"
    DATA_LOG=$TEST_TMP/data1.log
    start_session
    U=(--user tester --password password1)
    q () { cli "${U[@]}" "$@"; }
}

# stop_clean NAME PID: SIGTERM, the process must exit within 5 s, and its
# log must hold no sanitizer report (leaks are reported at exit).
stop_clean () {
    local name=$1 pid=$2
    kill -TERM "$pid" 2>/dev/null
    if wait_for 5 bash -c "! kill -0 $pid"; then pass "$name stops on SIGTERM"; else fail "$name did not stop"; fi
    if grep -qE "Sanitizer|runtime error" "$TEST_TMP/$name.log"; then
        fail "$name: sanitizer report: $(grep -m3 -E 'Sanitizer|runtime error|#[0-3] ' "$TEST_TMP/$name.log")"
    else
        pass "$name: no sanitizer report"
    fi
}

# Deaths of province CODE on DATE (yyyy-mm-dd) in the shipped snapshot.
csv_deaths () {
    awk -F, -v d="$1" -v c="$2" '$1 == d && $2 + 0 == c + 0 { print $4 }' "$DAILY_CSV"
}

# same NAME WANT GOT: the two texts are equal
same () {
    [ "$2" = "$3" ] && pass "$1" || fail "$1: want '$2', got '$3'"
}
