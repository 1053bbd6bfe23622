#!/usr/bin/env bash
# syscalls.sh - system calls of the broker process per request (all its
# threads), counted by the kernel (perf stat -e raw_syscalls:sys_enter),
# for two builds side by side: broker+echo at 1, 10 and 100 clients,
# 3 s each. A count per request does not move with the machine's load the
# way req/s and CPU time do.
#
#   bench/syscalls.sh [BEFORE_BIN [AFTER_BIN]]
#
# Defaults: build-bench-before/bin and build-bench/bin, as bench/run.sh
# leaves them after a run with VC_BENCH_BEFORE. Needs perf (Debian
# linux-perf) with kernel.perf_event_paranoid allowing tracepoints.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:-build-bench-before/bin}
AFTER=${2:-build-bench/bin}
CLIENTS=${VC_BENCH_CLIENTS:-1 10 100}
# need, spawn NAME command... (logs in $TEST_TMP), take_ports, wait_port;
# the programs it starts are stopped and $TEST_TMP removed at exit
export VC_BIN=$AFTER
source tests/integration/lib.sh
need vc-broker vc-echo-svc vc-bench-rr perf:linux-perf
VC_BIN=$BEFORE need vc-broker vc-echo-svc
TMP=$TEST_TMP

measure () {     # measure LABEL BIN CLIENTS: prints one table row
    local label=$1 bin=$2 clients=$3 front back ein eout broker echo perf_pid threads=2
    take_ports front back ein eout
    [ "$clients" -lt 2 ] && threads=1
    spawn broker "$bin/vc-broker" --frontend=tcp://127.0.0.1:$front --backend=tcp://127.0.0.1:$back \
        --events-in=tcp://127.0.0.1:$ein --events-out=tcp://127.0.0.1:$eout --services=echo \
        --client-rate=1000000 --source-max=5000 --log-level=warn
    broker=$LAST_PID; wait_port "$front"
    VC_BACKEND=tcp://127.0.0.1:$back VC_EVENTS_IN=tcp://127.0.0.1:$ein \
        spawn echo-svc "$bin/vc-echo-svc" --service=echo --capacity=100 --log-level=warn
    echo=$LAST_PID; sleep 1
    perf stat -e raw_syscalls:sys_enter -x, -o "$TMP/perf" -p "$broker" & perf_pid=$!
    local result
    result=$("$AFTER/vc-bench-rr" --target=echo --endpoint=tcp://127.0.0.1:$front --clients="$clients" \
             --threads=$threads --duration-ms=3000 --warmup-ms=0 --label="$label" --pids=broker=$broker 2>/dev/null \
             | grep '^RESULT' || true)
    kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
    kill "$echo" "$broker"; wait "$echo" "$broker" 2>/dev/null || true
    local calls rate
    calls=$(grep raw_syscalls "$TMP/perf" | cut -d, -f1)
    rate=$(echo "$result" | awk '{ print $4 }')
    awk -v l="$label" -v n="$clients" -v c="$calls" -v r="${rate:-0}" -v cpu="$(echo "$result" | awk '{ print $NF }')" \
        'BEGIN { printf "| %s | %s | %.0f | %.1f | %s |\n", l, n, r, (r > 0 ? c / (r * 3) : 0), cpu }'
}

echo "syscalls.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M UTC')"
echo "| broker | clients | req/s | system calls per request | CPU µs per request |"
echo "|---|---|---|---|---|"
for n in $CLIENTS; do
    measure before "$BEFORE" "$n"
    measure after "$AFTER" "$n"
done
