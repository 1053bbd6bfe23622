# test_soak - mixed traffic (lookups, totals, sign out/in; 50 clients) for
# VC_SOAK_SECONDS (default 60) against broker, auth and data on loopback,
# plus clients connecting and leaving; the resident memory of each process
# after the warm-up and at the end must not grow beyond the stated bound:
# 8 MiB or 20%, whichever is larger. No request may fail.
source "$VC_SOURCE/tests/integration/lib.sh"
SECONDS_TOTAL=${VC_SOAK_SECONDS:-60}
for prog in vc-auth-svc vc-data-svc vc-bench; do
    [ -x "$VC_BIN/$prog" ] || skip_all "$prog is not built"
done

# Every client here shares the loopback address: no per-address quota of
# sign-ins in flight (security.test_costly_quota tests that quota)
start_broker --client-rate=0 --costly-source-inflight=100000
BROKER=$BROKER_PID
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --pwhash-ops=1 --pwhash-mem=8
AUTH=$LAST_SERVICE_PID
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db"
DATA=$LAST_SERVICE_PID

# Resident memory in kB; empty (and a failure) when the process is gone.
rss () { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }

"$VC_BIN/vc-bench" --clients=50 --duration="$SECONDS_TOTAL" --warmup=5 --no-reference \
    --pids="broker=$BROKER,auth=$AUTH,data=$DATA" > "$TEST_TMP/bench.out" 2>&1 &
BENCH=$!; TEST_PIDS+=("$BENCH")
# Clients that come and go while the load runs
( while kill -0 "$BENCH" 2>/dev/null; do
      "$VC_BIN/vc-cli" ping data > /dev/null 2>&1 && echo ok || echo failed
      sleep 0.2
  done > "$TEST_TMP/churn.out" ) &
TEST_PIDS+=("$!")
sleep $(( 10 + SECONDS_TOTAL / 10 ))
declare -A START
for name in BROKER AUTH DATA; do START[$name]=$(rss "${!name}"); done
wait "$BENCH"; rc=$?
cat "$TEST_TMP/bench.out"
[ "$rc" -eq 0 ] && pass "load ran for $SECONDS_TOTAL s" || fail "vc-bench exited $rc"
errors=$(awk '$1 == "all" {print $3}' "$TEST_TMP/bench.out")
[ "${errors:-1}" -eq 0 ] && pass "no request failed" || fail "$errors requests failed"
churn_failed=$(grep -c failed "$TEST_TMP/churn.out")
churn_ok=$(grep -c ok "$TEST_TMP/churn.out")
[ "$churn_ok" -gt 0 ] && [ "$churn_failed" -eq 0 ] \
    && pass "clients coming and going: $churn_ok pings answered" \
    || fail "clients coming and going: $churn_failed of $((churn_ok + churn_failed)) pings failed"
for name in BROKER AUTH DATA; do
    start=${START[$name]}; end=$(rss "${!name}")
    if [ -z "$start" ] || [ -z "$end" ]; then
        fail "$name is not running (memory at start '${start}', at end '${end}' kB)"
        continue
    fi
    bound=$(( start / 5 > 8192 ? start / 5 : 8192 ))
    if [ $(( end - start )) -le "$bound" ]; then
        pass "$name memory steady: $start kB -> $end kB (bound +$bound kB)"
    else
        fail "$name memory grew: $start kB -> $end kB (bound +$bound kB)"
    fi
done
finish
