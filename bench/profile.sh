#!/usr/bin/env bash
# profile.sh - where one request's cost goes, per process, for one
# zmq_proxy hop (client, proxy, echo server) beside the broker (client,
# broker, echo service): user and kernel CPU microseconds per request
# (/proc/PID/stat; the clients' process from its rusage) and system calls
# per request by kind (perf stat -e 'syscalls:sys_enter_*', counted by the
# kernel, in a second run: tracing costs kernel time), at 1 and 10
# clients, a fixed number of requests per point (vc-bench-rr --requests,
# closed loop, 128-byte requests). CPU time moves with the machine's load;
# compare rows of one run only.
#
#   bench/profile.sh [REQUESTS per point, default 20000]
#   VC_BENCH_CLIENTS  client counts (default "1 10")
#   VC_BIN            the programs (default build-bench/bin, bench/run.sh's)
#   VC_BENCH_TOP      system call kinds shown per process (default 8)
# Needs perf (Debian linux-perf) with kernel.perf_event_paranoid allowing
# tracepoints (-1 as root).
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-20000}
CLIENTS=${VC_BENCH_CLIENTS:-1 10}
export VC_BIN=${VC_BIN:-$PWD/build-bench/bin}
BIN=$VC_BIN
TOP=${VC_BENCH_TOP:-8}
# need, spawn NAME command... (logs in $TEST_TMP), take_ports, wait_port;
# the programs it starts are stopped and $TEST_TMP removed at exit
source tests/integration/lib.sh
need vc-broker vc-echo-svc vc-bench-rr perf:linux-perf
TMP=$TEST_TMP
TICK=$(getconf CLK_TCK)
cpu_of () { awk '{ print $14, $15 }' "/proc/$1/stat"; }     # utime stime in ticks

# The one-hop reference and the broker with its echo service
take_ports echo_port proxy_port front back ein eout
spawn echo-server "$BIN/vc-bench-rr" --mode=echo-server --endpoint=tcp://127.0.0.1:$echo_port; ECHO=$LAST_PID
spawn proxy "$BIN/vc-bench-rr" --mode=proxy --endpoint=tcp://127.0.0.1:$proxy_port --backend=tcp://127.0.0.1:$echo_port
PROXY=$LAST_PID
spawn broker "$BIN/vc-broker" --frontend=tcp://127.0.0.1:$front --backend=tcp://127.0.0.1:$back \
    --events-in=tcp://127.0.0.1:$ein --events-out=tcp://127.0.0.1:$eout --services=echo \
    --client-rate=1000000 --source-max=5000 --log-level=warn
BROKER=$LAST_PID
wait_port "$echo_port"; wait_port "$proxy_port"; wait_port "$front"
VC_BACKEND=tcp://127.0.0.1:$back VC_EVENTS_IN=tcp://127.0.0.1:$ein \
    spawn echo-svc "$BIN/vc-echo-svc" --service=echo --capacity=100 --log-level=warn
SVC=$LAST_PID
sleep 1

# client LABEL CLIENTS TARGET ENDPOINT: one run of the clients; their
# user and system seconds in $TMP/time (connecting included, a few ms)
client () {
    local threads=2 TIMEFORMAT='%U %S'
    [ "$2" -lt 2 ] && threads=1
    { time "${PERF_CLIENT[@]}" "$BIN/vc-bench-rr" --target="$3" --endpoint="$4" --clients="$2" \
        --threads=$threads --requests="$REQUESTS" --duration-ms=600000 > "$TMP/rr.out" 2> /dev/null; } 2> "$TMP/time"
    grep -q '^RESULT' "$TMP/rr.out" || echo "profile.sh: $1 at $2 clients gave no result" >&2
}

# point LABEL CLIENTS TARGET ENDPOINT NAME=PID...: two runs, the first for
# CPU time (nothing else attached), the second under perf for the system
# calls (tracing them costs kernel time); prints a row per process: name,
# user µs, kernel µs, system calls per request, the commonest kinds
point () {
    local label=$1 clients=$2 target=$3 endpoint=$4; shift 4
    local name pid np perfs=() before=() after=()
    for np in "$@"; do before+=("$(cpu_of "${np#*=}")"); done
    PERF_CLIENT=(env)
    client "$label" "$clients" "$target" "$endpoint"
    for np in "$@"; do after+=("$(cpu_of "${np#*=}")"); done
    read -r cu cs < "$TMP/time"
    for np in "$@"; do
        perf stat -e 'syscalls:sys_enter_*' -x, -o "$TMP/perf-${np%%=*}" -p "${np#*=}" 2> /dev/null &
        perfs+=("$!")
    done
    sleep 0.3
    PERF_CLIENT=(perf stat -e 'syscalls:sys_enter_*' -x, -o "$TMP/perf-client")
    client "$label" "$clients" "$target" "$endpoint"
    for pid in "${perfs[@]}"; do kill -INT "$pid"; wait "$pid" 2> /dev/null || true; done
    local i=0
    for np in "$@"; do
        read -r u0 s0 <<< "${before[$i]}"; read -r u1 s1 <<< "${after[$i]}"
        row "$label" "$clients" "${np%%=*}" \
            "$(awk -v a="$u0" -v b="$u1" -v t="$TICK" -v r="$REQUESTS" 'BEGIN { printf "%.1f", (b - a) * 1e6 / t / r }')" \
            "$(awk -v a="$s0" -v b="$s1" -v t="$TICK" -v r="$REQUESTS" 'BEGIN { printf "%.1f", (b - a) * 1e6 / t / r }')" \
            "$TMP/perf-${np%%=*}"
        i=$((i + 1))
    done
    row "$label" "$clients" clients \
        "$(awk -v x="$cu" -v r="$REQUESTS" 'BEGIN { printf "%.1f", x * 1e6 / r }')" \
        "$(awk -v x="$cs" -v r="$REQUESTS" 'BEGIN { printf "%.1f", x * 1e6 / r }')" "$TMP/perf-client"
}

row () {     # row LABEL CLIENTS NAME USER_US KERNEL_US PERF_FILE
    awk -F, -v l="$1" -v c="$2" -v n="$3" -v u="$4" -v k="$5" -v r="$REQUESTS" -v top="$TOP" '
        /syscalls:sys_enter_/ && $1 ~ /^[0-9]+$/ && $1 > 0 {
            kind = $3; sub(/.*sys_enter_/, "", kind); count[kind] = $1; all += $1 }
        END {
            n_kinds = 0
            for (k2 in count) kinds[++n_kinds] = k2
            for (a = 1; a <= n_kinds; a++) for (b = a + 1; b <= n_kinds; b++)
                if (count[kinds[b]] > count[kinds[a]]) { t = kinds[a]; kinds[a] = kinds[b]; kinds[b] = t }
            line = ""
            for (a = 1; a <= n_kinds && a <= top; a++)
                if (count[kinds[a]] / r >= 0.05)
                    line = line sprintf("%s%s %.2f", line == "" ? "" : ", ", kinds[a], count[kinds[a]] / r)
            printf "| %s | %s | %s | %s | %s | %.1f | %s |\n", l, c, n, u, k, all / r, line }' "$6"
}

echo "profile.sh: $REQUESTS requests per point, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %H:%M UTC')"
echo "| system | clients | process | user µs/request | kernel µs/request | system calls/request | of which (per request) |"
echo "|---|---|---|---|---|---|---|"
for n in $CLIENTS; do
    point one-hop "$n" zmq "tcp://127.0.0.1:$proxy_port" proxy="$PROXY" echo-server="$ECHO"
    point broker+echo "$n" echo "tcp://127.0.0.1:$front" broker="$BROKER" echo-svc="$SVC"
done
