#!/usr/bin/env bash
# metrics.sh - the cost of --metrics: two systems at once on loopback, each
# a broker, an auth and a data service, the same build, one without
# --metrics ("off") and one with it on all three programs ("on", scraped
# once a second at /metrics as Prometheus would, more often than its
# default). Case lookups of signed-in clients through each broker
# (vc-bench-rr --target=lookup, closed loop), in alternating turns
# (off on on off, then again) so that the machine's other work weighs on
# both alike; per variant the median of its turns: lookups/s, p50, p99 and
# CPU microseconds per request of the broker and of the data service
# (utime+stime from /proc/PID/stat over the measured window), then on
# against off. The counting on the request path runs in both variants
# (--metrics adds the HTTP thread and the scrapes), so a last part counts
# its instructions with callgrind: a broker and a data service under
# valgrind --tool=callgrind serve lookups, and the instructions of the
# metric functions per request are set against those of the broker's
# thread (broker_run) and of the data service's request path.
# Usage: bench/metrics.sh [rounds, default 4] (after scripts/setup.sh); each
# round is four turns; VC_BENCH_MS (default 3000) ms per turn,
# VC_BENCH_CLIENTS (default "1 10") lookup clients, VC_BIN the programs
# (default build/bin), VC_BENCH_CALLGRIND=0 leaves out the callgrind part.
set -uo pipefail
ROUNDS=${1:-4}
MS=${VC_BENCH_MS:-3000}
CLIENT_COUNTS=${VC_BENCH_CLIENTS:-1 10}
export VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
export VC_BIN=${VC_BIN:-$VC_SOURCE/build/bin}
source "$VC_SOURCE/tests/integration/lib.sh"
need vc-broker vc-auth-svc vc-data-svc vc-bench-rr curl
declare -A FRONT BROKER_PID DATA_PID METRICS

# start_system VARIANT: a broker, auth and data on ports of their own; with
# "on", each with --metrics on a free loopback port
start_system () {
    local variant=$1 cases auth m_broker=() m_auth=() m_data=()
    pick_ports
    if [ "$variant" = on ]; then
        take_ports 'METRICS[broker]' 'METRICS[auth]' 'METRICS[data]'
        m_broker=(--metrics="${METRICS[broker]}")
        m_auth=(--metrics="${METRICS[auth]}")
        m_data=(--metrics="${METRICS[data]}")
    fi
    test_db auth "auth_$variant"
    test_db cases "cases_$variant"
    # Every client is on loopback: the per-client and per-source limits set
    # out of the way, and warnings only (no line per request)
    spawn "broker-$variant" "$VC_BIN/vc-broker" --log-level=warn --request-timeout=60000 \
        --client-rate=1000000 --source-max=5000 --costly-source-inflight=100000 "${m_broker[@]}"
    BROKER_PID[$variant]=$LAST_PID
    wait_for 10 cli --timeout=500 ping || { echo "metrics.sh: the $variant broker did not start"; exit 1; }
    start_service "auth-$variant" auth "$VC_BIN/vc-auth-svc" --db="$auth" --log-level=warn \
        --pwhash-ops=1 --pwhash-mem=8 "${m_auth[@]}"
    start_service "data-$variant" data "$VC_BIN/vc-data-svc" --db="$cases" --log-level=warn "${m_data[@]}"
    DATA_PID[$variant]=$LAST_SERVICE_PID
    FRONT[$variant]=$VC_FRONTEND
    "$VC_BIN/vc-bench-rr" --target=lookup --endpoint="$VC_FRONTEND" --clients=1 --threads=1 \
        --duration-ms=300 --warmup-ms=0 > /dev/null 2>&1      # the first lookup signs up
}

# scrape: the three endpoints of "on", once a second, until killed
scrape () {
    while true; do
        for port in "${METRICS[@]}"; do curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"; done
        sleep 1
    done
}

# turn VARIANT CLIENTS: one measured turn; prints "variant clients rate p50 p99 errors broker data"
turn () {
    local variant=$1 clients=$2 scraper=""
    if [ "$variant" = on ]; then scrape & scraper=$!; fi
    "$VC_BIN/vc-bench-rr" --target=lookup --endpoint="${FRONT[$variant]}" --clients="$clients" --threads=2 \
        --duration-ms="$MS" --label="$variant" \
        --pids="broker=${BROKER_PID[$variant]},data=${DATA_PID[$variant]}" 2>&1 \
        | awk -v c="$clients" '/^RESULT/ { b = d = "-1"
              for (i = 9; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "broker") b = kv[2]; if (kv[1] == "data") d = kv[2] }
              print $2, c, $4, $5, $6, $8, b, d }'
    if [ -n "$scraper" ]; then kill "$scraper" 2> /dev/null; wait "$scraper" 2> /dev/null; fi
}

# median of numbers on stdin
median () { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# column VARIANT CLIENTS FIELD: that field of the variant's turns
column () { awk -v v="$1" -v c="$2" -v f="$3" '$1 == v && $2 == c { print $f }' "$TEST_TMP/turns"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u '+%F %H:%M UTC'), $ROUNDS rounds of off/on/on/off turns of $MS ms, programs in $VC_BIN"
start_system off
start_system on
for port in "${METRICS[@]}"; do
    curl -sf "http://127.0.0.1:$port/metrics" > /dev/null || { echo "metrics.sh: no /metrics on port $port"; exit 1; }
done
: > "$TEST_TMP/turns"
for clients in $CLIENT_COUNTS; do
    for round in $(seq 1 "$ROUNDS"); do
        for variant in off on on off; do
            turn "$variant" "$clients" >> "$TEST_TMP/turns"
        done
    done
done
printf '%-8s %-4s %-9s %-8s %-8s %-7s %-12s %-12s %s\n' clients variant "lookups/s" "p50 us" "p99 us" errors \
    "broker us/rq" "data us/rq" "lookups/s of each turn"
declare -A MED
for clients in $CLIENT_COUNTS; do
    for variant in off on; do
        for f in 3:rate 4:p50 5:p99 7:broker 8:data; do
            MED[$variant,${f#*:}]=$(column "$variant" "$clients" "${f%%:*}" | median)
        done
        errors=$(column "$variant" "$clients" 6 | awk '{ s += $1 } END { print s + 0 }')
        printf '%-8s %-4s %-9s %-8s %-8s %-7s %-12s %-12s %s\n' "$clients" "$variant" "${MED[$variant,rate]}" \
            "${MED[$variant,p50]}" "${MED[$variant,p99]}" "$errors" "${MED[$variant,broker]}" "${MED[$variant,data]}" \
            "$(column "$variant" "$clients" 3 | tr '\n' ' ')"
    done
    awk -v c="$clients" -v r1="${MED[off,rate]}" -v r2="${MED[on,rate]}" -v b1="${MED[off,broker]}" \
        -v b2="${MED[on,broker]}" -v d1="${MED[off,data]}" -v d2="${MED[on,data]}" 'BEGIN {
        printf "%-8s on/off   lookups/s %+.1f%%, broker CPU per request %+.1f%%, data CPU per request %+.1f%%\n",
            c, (r2 / r1 - 1) * 100, (b2 / b1 - 1) * 100, (d2 / d1 - 1) * 100 }'
done
scrapes=$(curl -sf "http://127.0.0.1:${METRICS[broker]}/metrics" | awk '$1 ~ /^vc_broker_requests_total/ { s += $2 } END { print s + 0 }')
echo "the on broker counted $scrapes requests in vc_broker_requests_total"

# --- callgrind: the metric functions' instructions per request --------------
[ "${VC_BENCH_CALLGRIND:-1}" = 0 ] && exit 0
if ! command -v valgrind > /dev/null || ! command -v callgrind_annotate > /dev/null; then
    echo "callgrind: valgrind is not installed, part left out"; exit 0
fi
pick_ports
CG=(valgrind --tool=callgrind --dump-instr=no)
CG_METRICS=$(free_port)
test_db auth_cg auth_cg
test_db cases_cg cases_cg
spawn broker-cg "${CG[@]}" --callgrind-out-file="$TEST_TMP/broker.cg" "$VC_BIN/vc-broker" --log-level=warn \
    --request-timeout=60000 --client-rate=1000000 --metrics="$CG_METRICS"
CG_BROKER=$LAST_PID
wait_for 60 cli --timeout=2000 ping || { echo "callgrind: the broker did not start"; exit 1; }
start_service auth-cg auth "$VC_BIN/vc-auth-svc" --db="$auth_cg" --log-level=warn --pwhash-ops=1 --pwhash-mem=8
spawn data-cg "${CG[@]}" --callgrind-out-file="$TEST_TMP/data.cg" "$VC_BIN/vc-data-svc" --db="$cases_cg" --log-level=warn
CG_DATA=$LAST_PID
wait_for 120 cli --timeout=2000 ping data || { echo "callgrind: the data service did not register"; exit 1; }
"$VC_BIN/vc-bench-rr" --target=lookup --endpoint="$VC_FRONTEND" --clients=1 --threads=1 \
    --duration-ms="$MS" --warmup-ms=500 --label=callgrind > /dev/null 2>&1
answered=$(curl -sf "http://127.0.0.1:$CG_METRICS/metrics" \
           | awk '$1 ~ /^vc_broker_requests_total\{service="data"/ { s += $2 } END { print s + 0 }')
kill "$CG_DATA" "$CG_BROKER"           # callgrind writes its file at the exit
for _ in $(seq 1 100); do kill -0 "$CG_DATA" 2> /dev/null || kill -0 "$CG_BROKER" 2> /dev/null || break; sleep 0.2; done
# ir FILE FUNCTION: inclusive instructions of a function
ir () { callgrind_annotate --inclusive=yes --threshold=100 "$1" 2> /dev/null \
        | awk -v f=":$2 " 'index($0, f) { gsub(",", "", $1); print $1; exit }'; }
loop=$(ir "$TEST_TMP/broker.cg" broker_run)
h1=$(ir "$TEST_TMP/broker.cg" broker_metrics_request)
h2=$(ir "$TEST_TMP/broker.cg" broker_metrics_reply_status)
hook=$(( ${h1:-0} + ${h2:-0} ))
serve=0
for f in vc_worker_recv data_ops_handle vc_worker_reply; do n=$(ir "$TEST_TMP/data.cg" $f); serve=$(( serve + ${n:-0} )); done
observe=$(ir "$TEST_TMP/data.cg" vc_histogram_observe_us)
awk -v n="$answered" -v loop="${loop:-0}" -v hook="$hook" -v serve="${serve:-0}" -v obs="${observe:-0}" 'BEGIN {
    if (n <= 0 || loop <= 0 || serve <= 0) { print "callgrind: no figures (requests " n ", broker_run " loop ", request path " serve ")"; exit 1 }
    printf "callgrind, %d data requests: broker thread (broker_run) %.0f instructions per request, of which the metrics (broker_metrics_request, broker_metrics_reply_status) %.0f (%.2f%%)\n", n, loop / n, hook / n, hook * 100 / loop
    printf "callgrind, %d data requests: data service request path (vc_worker_recv, data_ops_handle, vc_worker_reply) %.0f instructions per request, of which the latency histogram (vc_histogram_observe_us) %.0f (%.2f%%)\n", n, serve / n, obs / n, obs * 100 / serve }'
