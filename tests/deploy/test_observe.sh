#!/usr/bin/env bash
# test_observe - what the programs tell the outside, with real processes on
# loopback: Prometheus metrics of the broker and every service scraped over
# HTTP while sign-ups, sign-ins and lookups run (expected series and counts,
# `promtool check metrics` on each live scrape), /healthz before and after
# a service registers, bad --metrics values and bad HTTP requests; systemd
# notification (READY=1 only once registered, WATCHDOG=1, STATUS=) on a
# datagram socket standing in for systemd's; journal fields on a stand-in
# journal socket in a mount namespace of the test's own (root only, else
# SKIP for that part).
source "$(dirname "$0")/../integration/lib.sh"
export VC_LOG_LEVEL=info
have () { command -v "$1" > /dev/null 2>&1; }

# get URL: body on stdout, HTTP status in $TEST_TMP/status.
get () { curl -s -o - -w '%{stderr}%{http_code}' --max-time 5 "$@" 2> "$TEST_TMP/status"; }
status () { cat "$TEST_TMP/status"; }

# A datagram socket recording what programs send systemd (one per line).
listen_dgram () {
    python3 - "$1" "$2" <<'PY' &
import socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
with open(sys.argv[2], "a") as out:
    while True:
        data = sock.recv(65536)
        out.write(data.decode("utf-8", "replace").replace("\n", "|") + "\n")
        out.flush()
PY
    TEST_PIDS+=($!)
    wait_for 5 test -S "$1"
}

take_ports BROKER_METRICS AUTH_METRICS DATA_METRICS SCRAPER_METRICS

# --- bad values ---------------------------------------------------------------
check "--metrics=notaport refused" 2 "is not \[ADDRESS:\]PORT" "$VC_BIN/vc-data-svc" --metrics=notaport
check "--metrics port 70000 refused" 2 "is not \[ADDRESS:\]PORT" "$VC_BIN/vc-broker" --metrics=127.0.0.1:70000
check "--metrics on an address of no interface refused" 2 "cannot listen" \
    "$VC_BIN/vc-auth-svc" --metrics=192.0.2.1:$AUTH_METRICS

# --- a data service before the broker: not ready ------------------------------
listen_dgram "$TEST_TMP/notify.sock" "$TEST_TMP/notify.txt"
NOTIFY_SOCKET=$TEST_TMP/notify.sock WATCHDOG_USEC=1000000 \
    spawn data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db" --metrics=$DATA_METRICS
DATA_PID=$LAST_PID
wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$DATA_METRICS/healthz" || fail "data metrics endpoint did not answer"
body=$(get "http://127.0.0.1:$DATA_METRICS/healthz")
if [ "$(status)" = 503 ] && [ "$body" = "not ready" ]; then pass "/healthz: 503 not ready before registration"
else fail "/healthz before registration: $(status) $body"; fi
if wait_for 5 grep -q "^WATCHDOG=1" "$TEST_TMP/notify.txt" && ! grep -q "READY=1" "$TEST_TMP/notify.txt"; then
    pass "watchdog pings before registration, no READY=1"
else fail "notifications before registration: $(cat "$TEST_TMP/notify.txt")"; fi

start_broker --metrics=$BROKER_METRICS
if wait_for 15 grep -q "^READY=1|STATUS=data: serving, registered with broker run" "$TEST_TMP/notify.txt"; then
    pass "READY=1 with a STATUS= line once registered"
else fail "no READY=1 after registration: $(cat "$TEST_TMP/notify.txt")"; fi
body=$(get "http://127.0.0.1:$DATA_METRICS/healthz")
if [ "$(status)" = 200 ] && [ "$body" = ready ]; then pass "/healthz: 200 ready once registered"
else fail "/healthz after registration: $(status) $body"; fi
watchdogs=$(grep -c "^WATCHDOG=1" "$TEST_TMP/notify.txt")
sleep 1.2
if [ "$(grep -c "^WATCHDOG=1" "$TEST_TMP/notify.txt")" -gt "$watchdogs" ]; then pass "WATCHDOG=1 keeps coming (half of WatchdogSec)"
else fail "watchdog stopped: $(tail -3 "$TEST_TMP/notify.txt")"; fi

start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --pwhash-ops=1 --pwhash-mem=8 \
    --metrics=$AUTH_METRICS
start_service scraper scraper "$VC_BIN/vc-scraper-svc" --db="$TEST_TMP/cases.db" \
    --sources="$VC_SOURCE/data/sources-offline.conf" --metrics=$SCRAPER_METRICS

# --- traffic ----------------------------------------------------------------------
cli signup alice 'correct horse battery' > /dev/null || fail "signup"
cli signin alice 'wrong password here' > /dev/null 2>&1
open_shell user 7
{ echo "signin alice 'correct horse battery'"; for i in 1 2 3 4 5; do echo "lookup hcm 15-12-2021"; done; } >&7
wait_for 10 grep -c "1.270" "$TEST_TMP/user.out" || fail "lookups in the shell: $(cat "$TEST_TMP/user.out")"
for i in 1 2 3; do cli lookup "no such place" > /dev/null 2>&1; done
wait_for 30 sh -c "curl -s http://127.0.0.1:$SCRAPER_METRICS/metrics | grep -q '^vc_scraper_runs_total [1-9]'" \
    || fail "the scraper's first run was not counted"
sleep 0.6                           #  The broker's gauges refresh every 250 ms

# --- scrapes ----------------------------------------------------------------------
# expect NAME PORT REGEX...: each regex matches a line of the scrape.
expect () {
    local name=$1 port=$2 text missing=""; shift 2
    text=$(get "http://127.0.0.1:$port/metrics")
    [ "$(status)" = 200 ] || { fail "$name /metrics: HTTP $(status)"; return; }
    echo "$text" > "$TEST_TMP/$name.prom"
    for regex in "$@"; do grep -qE "^$regex" <<< "$text" || missing="$missing '$regex'"; done
    if [ -z "$missing" ]; then pass "$name metrics: $# expected series"
    else fail "$name metrics lack$missing"; fi
    if out=$(promtool check metrics < "$TEST_TMP/$name.prom" 2>&1); then pass "$name: promtool check metrics"
    else fail "$name: promtool check metrics: $out"; fi
}
expect broker "$BROKER_METRICS" \
    'vc_broker_requests_total\{service="data",status="200"\} [5-9]' \
    'vc_broker_requests_total\{service="data",status="40[14]"\} 3' \
    'vc_broker_requests_total\{service="auth",status="401"\} 1' \
    'vc_broker_request_duration_seconds_bucket\{service="data",le="\+Inf"\} [1-9]' \
    'vc_broker_request_duration_seconds_count\{service="auth"\} [1-9]' \
    'vc_broker_queue_depth\{service="data"\} 0' \
    'vc_broker_instances\{service="data"\} 1' \
    'vc_broker_clients [1-9]' \
    'vc_broker_sessions 1' \
    'vc_broker_events_total [1-9]'
expect auth "$AUTH_METRICS" \
    'vc_auth_signins_total\{result="wrong"\} 1' \
    'vc_auth_signins_total\{result="ok"\} 1' \
    'vc_store_transaction_duration_seconds_count\{store="auth",backend="sqlite"\} [1-9]' \
    'vc_store_transaction_duration_seconds_bucket\{store="auth",backend="sqlite",le="\+Inf"\} [1-9]' \
    'vc_worker_requests_total\{service="auth"\} [1-9]' \
    'vc_worker_registered\{service="auth"\} 1'
expect data "$DATA_METRICS" \
    'vc_data_store_duration_seconds_count [1-9]' \
    'vc_worker_requests_total\{service="data"\} [1-9]' \
    'vc_worker_registrations_total\{service="data"\} 1'
expect scraper "$SCRAPER_METRICS" \
    'vc_scraper_runs_total [1-9]' \
    'vc_scraper_results_total\{result="(updated|unchanged)"\} [1-9]'

# --- HTTP edges -------------------------------------------------------------------
get "http://127.0.0.1:$BROKER_METRICS/nope" > /dev/null
[ "$(status)" = 404 ] && pass "unknown path: 404" || fail "unknown path: $(status)"
get -X POST --data x "http://127.0.0.1:$BROKER_METRICS/metrics" > /dev/null
[ "$(status)" = 405 ] || [ "$(status)" = 000 ] && pass "POST refused" || fail "POST: $(status)"
head -c 100000 /dev/urandom | curl -s -o /dev/null --max-time 3 --data-binary @- "http://127.0.0.1:$BROKER_METRICS/metrics"
check "broker still routes after bad HTTP requests" 0 "pong" cli ping data

# --- the broker goes: the service is not ready any more ---------------------------
kill "$BROKER_PID"
if wait_for 10 sh -c "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$DATA_METRICS/healthz | grep -q 503"; then
    pass "/healthz: 503 once the broker is gone"
else fail "/healthz stayed ready without a broker"; fi
grep -q "STATUS=data: waiting for the broker" "$TEST_TMP/notify.txt" && pass "STATUS= says it waits for the broker" \
    || fail "no waiting STATUS=: $(tail -3 "$TEST_TMP/notify.txt")"

# --- journal fields ---------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && unshare -m true 2> /dev/null; then
    unshare -m bash -c '
        mount -t tmpfs tmpfs /run/systemd 2> /dev/null || mount -t tmpfs tmpfs /run || exit 77
        mkdir -p /run/systemd/journal
        python3 - /run/systemd/journal/socket "$1" <<"PY" &
import socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
sock.settimeout(5)
with open(sys.argv[2], "wb") as out:
    out.write(sock.recv(65536))
PY
        for i in $(seq 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
        touch "$2"
        JOURNAL_STREAM=$(stat -c %d:%i "$2") "$3/vc-data-svc" --capacity=0 2>> "$2"
        wait' sh "$TEST_TMP/journal.txt" "$TEST_TMP/journal-stderr.log" "$VC_BIN"
    if grep -q "^PRIORITY=3$" "$TEST_TMP/journal.txt" && grep -q "^VC_COMPONENT=data$" "$TEST_TMP/journal.txt" \
    && grep -q "^SYSLOG_IDENTIFIER=vc-data-svc$" "$TEST_TMP/journal.txt" && grep -q "^VC_LEVEL=error$" "$TEST_TMP/journal.txt" \
    && grep -q "^MESSAGE=data invalid --capacity" "$TEST_TMP/journal.txt" && ! [ -s "$TEST_TMP/journal-stderr.log" ]; then
        pass "under systemd's journal: PRIORITY, SYSLOG_IDENTIFIER, VC_COMPONENT, VC_LEVEL fields"
    else fail "journal fields: $(tr '\n' ' ' < "$TEST_TMP/journal.txt" 2>/dev/null) stderr: $(cat "$TEST_TMP/journal-stderr.log")"; fi
else
    echo "SKIP: journal fields (needs root and mount namespaces)"
fi
finish
