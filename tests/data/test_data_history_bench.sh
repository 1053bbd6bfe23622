# test_data_history_bench - the whole-epidemic views under load: 10 clients
# through the broker ask for a province's whole history, the national whole
# history and the 'range' reference, in alternating blocks
# (vc-test-history-bench prints p50, p90, p99 and max of each); then the
# resident memory of the data service, a fresh process with the whole
# history loaded. The history p50s must stay within VC_BENCH_MAX_RATIO
# (default 3) times the reference's p50 of the same round in most rounds
# (the median of the 5 rounds' ratios; figures alone move with the
# machine's load): whole histories packed for each request were 3.8 to 5.4
# times, kept ones 1.9 to 2.5. VC_BENCH_MAX_P99_MS=5
# also checks the goal (a history p99 under 5 ms at 10 clients), on a
# quiet machine. Then the first history after a scrape: one client,
# scrape.updated published VC_BENCH_FIRST_ROUNDS times (default 20), each
# after a batch changing a figure of the province about to be asked for
# (or of Hồ Chí Minh City before a national history), each
# followed after 500 ms by a whole history, 'range' and the same history
# again (vc-test-first-history); every answer must be right. How many of
# the first histories were packed on the request (the fill had not reached
# them yet: on a loaded machine it may take longer than 500 ms) is printed;
# test_data_history_cache checks the fill itself. README.md has the figures.
source "$(dirname "$0")/data_lib.sh"

start_broker --client-rate=0
start_session
METRICS_PORT=$(free_port)
start_data data1 --log-level=info --metrics=$METRICS_PORT
DATA_PID=$LAST_SERVICE_PID

rss_kb () { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
check "national whole history once" 0 '"step"=>"day"' cli --user m --password x call data history
RSS_LOADED=$(rss_kb "$DATA_PID")
echo "data-svc resident memory, fresh, whole history loaded: $((RSS_LOADED / 1024)) MB ($RSS_LOADED kB)"
[ "$RSS_LOADED" -lt 65536 ] && pass "under 64 MB resident ($RSS_LOADED kB)" || fail "$RSS_LOADED kB resident"

RATIO=${VC_BENCH_MAX_RATIO:-3}
"$VC_BIN/vc-test-history-bench" --clients=10 --requests=${VC_BENCH_REQUESTS:-200} \
    --max-ratio="$RATIO" --max-p99-ms=${VC_BENCH_MAX_P99_MS:-0} > "$TEST_TMP/bench.out" 2>&1
rc=$?
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$TEST_TMP/bench.out"
[ $rc -eq 0 ] && pass "every history answer right, p50 within $RATIO times the reference's (median of the rounds)${VC_BENCH_MAX_P99_MS:+, p99 under $VC_BENCH_MAX_P99_MS ms}" \
              || fail "bench exit $rc"
BEFORE=$(packed request)
"$VC_BIN/vc-test-first-history" --rounds=${VC_BENCH_FIRST_ROUNDS:-20} --db="$DATA_DB" > "$TEST_TMP/first.out" 2>&1
rc=$?
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$TEST_TMP/first.out"
grep "whole histories filled" "$TEST_TMP/data1.log" | tail -n 3 | sed 's/.*filled: /fill: /'
[ $rc -eq 0 ] && pass "the first histories after a scrape answered right" || fail "first-history exit $rc"
echo "first histories packed on the request (not filled yet): $(( $(packed request) - BEFORE ))" \
     "of ${VC_BENCH_FIRST_ROUNDS:-20}"
RSS_AFTER=$(rss_kb "$DATA_PID")
echo "data-svc resident memory after the run: $((RSS_AFTER / 1024)) MB ($RSS_AFTER kB)"
[ "$RSS_AFTER" -lt 65536 ] && pass "still under 64 MB resident" || fail "$RSS_AFTER kB resident"
stop_clean data1 "$DATA_PID"

finish
