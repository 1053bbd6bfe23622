# test_data_history_bench - the whole-epidemic views under load: 10 clients
# through the broker ask for a province's whole history, the national whole
# history and the 'range' reference (vc-test-history-bench prints p50, p90,
# p99 and max of each); then the resident memory of the data service, a
# fresh process with the whole history loaded. The p99 bound checked here is
# loose, for shared test machines; README.md has the figures measured on a
# quiet machine.
source "$(dirname "$0")/data_lib.sh"

start_broker --client-rate=0
start_session
start_data data1 --log-level=info
DATA_PID=$LAST_SERVICE_PID

rss_kb () { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
check "national whole history once" 0 '"step"=>"day"' cli --user m --password x call data history
RSS_LOADED=$(rss_kb "$DATA_PID")
echo "data-svc resident memory, fresh, whole history loaded: $((RSS_LOADED / 1024)) MB ($RSS_LOADED kB)"
[ "$RSS_LOADED" -lt 65536 ] && pass "under 64 MB resident ($RSS_LOADED kB)" || fail "$RSS_LOADED kB resident"

"$VC_BIN/vc-test-history-bench" --clients=10 --requests=${VC_BENCH_REQUESTS:-200} \
    --max-p99-ms=${VC_BENCH_MAX_P99_MS:-100} > "$TEST_TMP/bench.out" 2>&1
rc=$?
cat "$TEST_TMP/bench.out"
[ $rc -eq 0 ] && pass "every history answer right, p99 within the bound" || fail "bench exit $rc"
RSS_AFTER=$(rss_kb "$DATA_PID")
echo "data-svc resident memory after the run: $((RSS_AFTER / 1024)) MB ($RSS_AFTER kB)"
[ "$RSS_AFTER" -lt 65536 ] && pass "still under 64 MB resident" || fail "$RSS_AFTER kB resident"
stop_clean data1 "$DATA_PID"

finish
