#!/usr/bin/env bash
# callgrind.sh - instructions per request, which do not move with the
# machine's load as requests/s and CPU time do: the broker beside one
# zmq_proxy hop, and the echo service (vc_worker) beside a plain ROUTER
# echo server, each under valgrind --tool=callgrind while a fixed number of
# requests pass (vc-bench-rr --requests, closed loop, 128-byte requests).
# The counters are zeroed once the clients are connected and dumped when
# the last reply is in (callgrind_control -z / -d), so start-up is left out.
# Then one client process (vc-bench-rr) under callgrind: a plain DEALER
# against the client library (VC_BENCH_CLIENT_LIB=0 leaves it out).
# Per process: instructions per request of all its threads and of its own
# thread (the broker's actor thread, the proxy's or the service's main
# thread; the rest is libzmq's I/O thread), and the calls of malloc,
# calloc and realloc per request.
# Usage: bench/callgrind.sh [requests, default 4000] (after scripts/setup.sh)
#   VC_BENCH_CLIENTS  client counts (default "1 10")
#   VC_BIN            the programs (default build/bin)
#   VC_BENCH_CG_DIR   keep the dumps there (NAME-CLIENTS.cg.*), for
#                     callgrind_annotate
set -uo pipefail
REQUESTS=${1:-4000}
CLIENT_COUNTS=${VC_BENCH_CLIENTS:-1 10}
export VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
export VC_BIN=${VC_BIN:-$VC_SOURCE/build/bin}
source "$VC_SOURCE/tests/integration/lib.sh"
need vc-broker vc-echo-svc vc-bench-rr valgrind callgrind_control:valgrind
RR=$VC_BIN/vc-bench-rr
CG=(valgrind --tool=callgrind --separate-threads=yes --compress-strings=no --compress-pos=no --dump-instr=no)

# under_cg NAME command...: the program under callgrind; sets LAST_PID
under_cg () {
    local name=$1; shift
    spawn "$name" "${CG[@]}" --callgrind-out-file="$TEST_TMP/$name.cg" "$@"
}

# The references: a ROUTER echo server, one zmq_proxy hop in front of it
take_ports ECHO_PORT PROXY_PORT
under_cg echo-server "$RR" --mode=echo-server --endpoint="tcp://127.0.0.1:$ECHO_PORT"
declare -A PID
PID[echo-server]=$LAST_PID
under_cg proxy "$RR" --mode=proxy --endpoint="tcp://127.0.0.1:$PROXY_PORT" --backend="tcp://127.0.0.1:$ECHO_PORT"
PID[proxy]=$LAST_PID
# The broker (its limits on, the per-client rate out of the way) and the
# echo service
under_cg broker "$VC_BIN/vc-broker" --services=echo --client-rate=1000000 --source-max=5000 \
    --request-timeout=60000 --log-level=warn
PID[broker]=$LAST_PID
wait_for 60 cli --timeout=2000 ping || { echo "callgrind.sh: the broker did not start"; exit 1; }
under_cg echo-svc "$VC_BIN/vc-echo-svc" --service=echo --capacity=100 --log-level=warn
PID[echo-svc]=$LAST_PID
wait_for 60 cli --timeout=2000 ping echo || { echo "callgrind.sh: the echo service did not register"; exit 1; }

# The instructions of a dump: "all own" (all threads, the thread that ran
# OWN_FUNCTION), then the calls of malloc, calloc and realloc
count_dump () {     # count_dump PREFIX OWN_FUNCTION
    local file
    for file in "$1".*; do
        # Its own thread: the one that ran OWN_FUNCTION, or the first
        awk -v own="$2" -v first="$([ "${file##*-}" = 01 ] && echo 1)" '
            /^summary:/ { total = $2 }
            /^fn=/ { if (own != "" && index($0, own)) has_own = 1 }
            END { if (own == "" && first) has_own = 1 }
            /^cfn=/ { cfn = substr($0, 5) }
            /^calls=/ { split(substr($0, 7), c, " "); if (cfn == "malloc" || cfn == "calloc" || cfn == "realloc") allocs += c[1] }
            END { print total + 0, has_own ? total : 0, allocs + 0 }' "$file"
    done | awk '{ all += $1; if ($2 > mine) mine = $2; allocs += $3 } END { printf "%d %d %d\n", all, mine, allocs }'
}

# measure CLIENTS TARGET ENDPOINT NAMES...: zero the counters of the named
# processes, run the requests, dump; prints "name clients ir own allocs" per
# request for each
measure () {
    local clients=$1 target=$2 endpoint=$3 name; shift 3
    for name in "$@"; do rm -f "$TEST_TMP/$name.cg".*; callgrind_control -z "${PID[$name]}" > /dev/null 2>&1; done
    local threads=2; [ "$clients" -lt 2 ] && threads=1
    local out
    out=$("$RR" --target="$target" --endpoint="$endpoint" --clients="$clients" --threads=$threads \
          --requests="$REQUESTS" --duration-ms=1800000 2> "$TEST_TMP/rr.err")
    for name in "$@"; do callgrind_control -d "${PID[$name]}" > /dev/null 2>&1; done
    local errors
    errors=$(awk '/^RESULT/ { print $8 }' <<< "$out")
    [ "${errors:-1}" = 0 ] || { echo "callgrind.sh: $target at $clients clients: ${errors:-no result} errors"; head -n 3 "$TEST_TMP/rr.err"; }
    for name in "$@"; do
        # The broker runs as an actor; the others in their main thread
        local own=""
        [ "$name" = broker ] && own=broker_client_message
        # A dump is written once the process runs again (callgrind_control waits for it)
        if [ -n "${VC_BENCH_CG_DIR:-}" ]; then
            mkdir -p "$VC_BENCH_CG_DIR"
            for file in "$TEST_TMP/$name.cg".*; do cp "$file" "$VC_BENCH_CG_DIR/$name-$clients.cg.${file##*.cg.}"; done
        fi
        count_dump "$TEST_TMP/$name.cg" "$own" \
            | awk -v n="$name" -v c="$clients" -v r="$REQUESTS" '{ printf "%s %s %.0f %.0f %.2f\n", n, c, $1 / r, $2 / r, $3 / r }'
    done
}

echo "callgrind: $REQUESTS requests per point, programs in $VC_BIN, $(date -u '+%F %H:%M UTC')"
printf '%-12s %-8s %-22s %-22s %s\n' process clients "instructions/request" "own thread/request" "allocations/request"
for clients in $CLIENT_COUNTS; do
    { measure "$clients" zmq "tcp://127.0.0.1:$PROXY_PORT" proxy echo-server
      measure "$clients" echo "$FRONTEND" broker echo-svc; } > "$TEST_TMP/rows"
    while read -r name c ir own allocs; do
        printf '%-12s %-8s %-22s %-22s %s\n' "$name" "$c" "$ir" "$own" "$allocs"
    done < "$TEST_TMP/rows"
    awk -v c="$clients" '{ ir[$1] = $3; own[$1] = $4 }
        END { printf "%-12s %-8s %-22.2f %-22.2f\n", "broker/proxy", c, ir["broker"] / ir["proxy"], own["broker"] / own["proxy"]
              printf "%-12s %-8s %-22.2f %-22.2f\n", "svc/echo", c, ir["echo-svc"] / ir["echo-server"], own["echo-svc"] / own["echo-server"] }' \
        "$TEST_TMP/rows"
done

# The clients: one vc-bench-rr client under callgrind, a plain DEALER
# through the proxy against the client library (vc_client) through the
# broker. A whole run is counted (connecting included), with REQUESTS and
# with twice as many: the difference over REQUESTS is per request.
[ "${VC_BENCH_CLIENT_LIB:-1}" = 0 ] && exit 0
client_run () {     # client_run TARGET ENDPOINT COUNT: "instructions allocations"
    local out=$TEST_TMP/client-$1-$3.cg
    valgrind --tool=callgrind --compress-strings=no --compress-pos=no --dump-instr=no \
        --callgrind-out-file="$out" "$RR" --target="$1" --endpoint="$2" --clients=1 --threads=1 \
        --requests="$3" --duration-ms=1800000 > /dev/null 2>> "$TEST_TMP/client.err"
    awk '/^summary:/ { total = $2 }
         /^cfn=/ { cfn = substr($0, 5) }
         /^calls=/ { split(substr($0, 7), c, " "); if (cfn == "malloc" || cfn == "calloc" || cfn == "realloc") allocs += c[1] }
         END { print total + 0, allocs + 0 }' "$out"
}
echo "one client process, the difference between $REQUESTS and $((REQUESTS * 2)) requests:"
printf '%-22s %-22s %s\n' client "instructions/request" "allocations/request"
client_row () {     # client_row LABEL TARGET ENDPOINT
    local ir1 al1 ir2 al2
    read -r ir1 al1 <<< "$(client_run "$2" "$3" "$REQUESTS")"
    read -r ir2 al2 <<< "$(client_run "$2" "$3" $((REQUESTS * 2)))"
    awk -v l="$1" -v a="$ir1" -v b="$ir2" -v x="$al1" -v y="$al2" -v r="$REQUESTS" \
        'BEGIN { printf "%-22s %-22.0f %.2f\n", l, (b - a) / r, (y - x) / r }'
}
client_row "plain DEALER" zmq "tcp://127.0.0.1:$PROXY_PORT"
client_row "vc_client" echo "$FRONTEND"
