#!/usr/bin/env bash
# run.sh - request/reply side by side, in one run, with one client harness
# (vc-bench-rr: closed-loop clients, 128-byte requests) against:
#   no hop      DEALER clients straight to a ROUTER echo server
#   one hop     the same through one zmq_proxy (ROUTER/DEALER): the limit
#   broker+echo the broker with the echo service (client library)
#   lookups     data-svc lookups of signed-in users through the broker
#   nats        NATS request/reply (Debian nats-server, a libnats client)
# at 1, 10 and 100 clients; then memory per idle client on a fresh broker,
# a fresh nats-server and, as the floor, a fresh plain ROUTER echo server
# (1,000 idle clients; plain DEALERs for the ROUTER: what libzmq itself
# keeps per connection), and that ROUTER again with what the broker's idle
# links carry (two frames each way every second) and with ZMTP heartbeats. Prints one table: req/s,
# ratio to the one-hop limit of the same round, p50/p99/p99.9, and CPU
# microseconds per request of each process (/proc/PID/stat).
#
# Environment:
#   VC_BENCH_MS       milliseconds measured per point (default 3000)
#   VC_BENCH_CLIENTS  client counts (default "1 10 100")
#   VC_BENCH_ROUNDS   rounds of every point; the table shows medians (default 1)
#   VC_BENCH_IDLE     idle clients for the memory figure (default 1000; 0: skip)
#   VC_BENCH_IDLE_MS  milliseconds the idle clients stay connected before the
#                     memory is read (default 1000; heartbeats pass meanwhile)
#   VC_BENCH_BEFORE   a git ref (e.g. main): also run the broker rows with a
#                     build of that ref (bench/ sources of this tree), "before"
#   VC_BENCH_BEFORE_CLIENT=1  with VC_BENCH_BEFORE: the "before" rows are
#                     this tree's broker and services with the clients of
#                     that build (its client library), not its broker and
#                     services with this tree's clients
#   VC_BENCH_BIN      use the programs in this bin/ folder, do not build
#   VC_BENCH_BUILD    build folder (default build-bench, Release)
#   VC_BENCH_CHECK=1  exit 1 unless every row has answers and no errors
#                     (the CTest smoke run: the shape, not the speed)
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE=$PWD
MS=${VC_BENCH_MS:-3000}
CLIENT_COUNTS=${VC_BENCH_CLIENTS:-1 10 100}
ROUNDS=${VC_BENCH_ROUNDS:-1}
IDLE=${VC_BENCH_IDLE:-1000}
BUILD=${VC_BENCH_BUILD:-build-bench}
TARGETS="vc-broker vc-auth-svc vc-data-svc vc-echo-svc vc-bench-rr"
# need, spawn NAME command... (logs in $TEST_TMP), free_port, take_ports
# NAME... (never one port twice in the run: others run benchmarks too),
# wait_port; the programs started are stopped and $TEST_TMP removed at exit.
# Each system here is given its own ports: lib.sh's test ones are unset.
export VC_BIN=${VC_BENCH_BIN:-$SOURCE/$BUILD/bin}
source "$SOURCE/tests/integration/lib.sh"
unset VC_FRONTEND VC_BACKEND VC_EVENTS_IN VC_EVENTS_OUT VC_SERVER VC_EVENTS
TMP=$TEST_TMP

build () {     # build SOURCE_DIR BUILD_DIR
    cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DVC_WITH_GTK=OFF > "$TMP/cmake.log" 2>&1 \
        && cmake --build "$2" -j2 --target $TARGETS > "$TMP/build.log" 2>&1 \
        || { tail -n 30 "$TMP/cmake.log" "$TMP/build.log"; exit 1; }
}
if [ -n "${VC_BENCH_BIN:-}" ]; then BIN=$VC_BENCH_BIN; else build "$SOURCE" "$BUILD"; BIN=$SOURCE/$BUILD/bin; fi
BEFORE_BIN=""
if [ -n "${VC_BENCH_BEFORE:-}" ]; then
    # A checkout of that revision beside this one, kept between runs (its
    # build is then incremental); remove it with git worktree remove
    BEFORE_SRC=$SOURCE/$BUILD-before-src
    want=$(git -C "$SOURCE" rev-parse "$VC_BENCH_BEFORE^{commit}")
    if [ "$(git -C "$BEFORE_SRC" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
        git -C "$SOURCE" worktree remove --force "$BEFORE_SRC" 2>/dev/null || true
        git -C "$SOURCE" worktree add --detach "$BEFORE_SRC" "$want" > /dev/null 2>&1
    fi
    cp -p "$SOURCE"/bench/* "$BEFORE_SRC/bench/"     # the same harness, the old library
    build "$BEFORE_SRC" "$SOURCE/$BUILD-before"
    BEFORE_BIN=$SOURCE/$BUILD-before/bin
fi
RR=$BIN/vc-bench-rr


# --- the references: an echo ROUTER, and one zmq_proxy hop in front of it
take_ports ECHO_PORT PROXY_PORT
spawn echo-server "$RR" --mode=echo-server --endpoint=tcp://127.0.0.1:$ECHO_PORT; ECHO=$LAST_PID
spawn proxy "$RR" --mode=proxy --endpoint=tcp://127.0.0.1:$PROXY_PORT --backend=tcp://127.0.0.1:$ECHO_PORT; PROXY=$LAST_PID
wait_port "$ECHO_PORT"; wait_port "$PROXY_PORT"

# --- a system (broker, echo service, auth, data) from a bin folder; sets
#     SYS_SERVER and SYS_PIDS_ECHO / SYS_PIDS_LOOKUP for the CPU columns.
#     The limits stay on: per-client rate (high enough not to bind here),
#     requests in flight, bounded queues, sources, outlier detection.
start_system () {     # start_system NAME BIN
    local name=$1 bin=$2 front back ein eout
    take_ports front back ein eout
    spawn "$name-broker" "$bin/vc-broker" --frontend=tcp://127.0.0.1:$front --backend=tcp://127.0.0.1:$back \
        --events-in=tcp://127.0.0.1:$ein --events-out=tcp://127.0.0.1:$eout \
        --services=auth,data,echo --client-rate=1000000 --source-max=5000 --log-level=warn
    local broker=$LAST_PID
    wait_port "$front"
    export VC_FRONTEND=tcp://127.0.0.1:$front VC_BACKEND=tcp://127.0.0.1:$back
    export VC_EVENTS_IN=tcp://127.0.0.1:$ein VC_EVENTS_OUT=tcp://127.0.0.1:$eout VC_LOG_LEVEL=warn
    spawn "$name-echo" "$bin/vc-echo-svc" --service=echo --capacity=100; local echo=$LAST_PID
    spawn "$name-auth" "$bin/vc-auth-svc" --db="$TMP/$name-auth.db" --pwhash-ops=1 --pwhash-mem=8; local auth=$LAST_PID
    spawn "$name-data" "$bin/vc-data-svc" --db="$TMP/$name-cases.db"; local data=$LAST_PID
    unset VC_FRONTEND VC_BACKEND VC_EVENTS_IN VC_EVENTS_OUT
    SYS_SERVER=tcp://127.0.0.1:$front
    SYS_PIDS_ECHO="broker=$broker,echo-svc=$echo"
    SYS_PIDS_LOOKUP="broker=$broker,data-svc=$data"
    SYS_BROKER=$broker
}
start_system after "$BIN"
AFTER_SERVER=$SYS_SERVER; AFTER_ECHO=$SYS_PIDS_ECHO; AFTER_LOOKUP=$SYS_PIDS_LOOKUP
BEFORE_RR=$RR
if [ -n "$BEFORE_BIN" ] && [ -n "${VC_BENCH_BEFORE_CLIENT:-}" ]; then
    BEFORE_RR=$BEFORE_BIN/vc-bench-rr
    BEFORE_SERVER=$AFTER_SERVER; BEFORE_ECHO=$AFTER_ECHO; BEFORE_LOOKUP=$AFTER_LOOKUP
elif [ -n "$BEFORE_BIN" ]; then
    start_system before "$BEFORE_BIN"
    BEFORE_SERVER=$SYS_SERVER; BEFORE_ECHO=$SYS_PIDS_ECHO; BEFORE_LOOKUP=$SYS_PIDS_LOOKUP
fi

# --- NATS, where nats-server and the libnats client are there
NATS_NOTE=""
if ! command -v nats-server > /dev/null && [ -x /usr/sbin/nats-server ]; then PATH=$PATH:/usr/sbin; fi
if ! command -v nats-server > /dev/null; then
    NATS_NOTE="NATS skipped: nats-server is not installed (Debian package nats-server)"
else
    NATS_PORT=$(free_port)
    spawn nats-server nats-server -a 127.0.0.1 -p "$NATS_PORT"; NATS=$LAST_PID
    wait_port "$NATS_PORT"
    spawn nats-echo "$RR" --mode=nats-echo --endpoint=nats://127.0.0.1:$NATS_PORT; NATS_ECHO=$LAST_PID
    for _ in $(seq 1 50); do grep -q ready "$TMP/nats-echo.log" && break; kill -0 "$NATS_ECHO" 2>/dev/null || break; sleep 0.1; done
    grep -q ready "$TMP/nats-echo.log" \
        || NATS_NOTE="NATS skipped: $(head -n 1 "$TMP/nats-echo.log") (Debian package libnats-dev at build time)"
fi

# Wait until the services answer (the first lookup signs up: slow once)
for _ in $(seq 1 100); do
    "$RR" --target=echo --endpoint="$AFTER_SERVER" --duration-ms=50 --warmup-ms=0 > /dev/null 2>&1 && break
    sleep 0.2
done

RESULTS=$TMP/results
: > "$RESULTS"
point () {     # point ROUND CLIENTS LABEL args... (with the harness $POINT_RR, else $RR)
    local round=$1 clients=$2 label=$3; shift 3
    local threads=2; [ "$clients" -lt 2 ] && threads=1
    if ! "${POINT_RR:-$RR}" --clients="$clients" --threads=$threads --duration-ms="$MS" --label="$label" "$@" \
            > "$TMP/point.out" 2> "$TMP/point.err"; then
        echo "FAILED $label $clients: $(tail -n 3 "$TMP/point.err" | tr '\n' ' ')" >&2
        echo "FAILED $round $label $clients" >> "$RESULTS"
        return
    fi
    sed -n "s/^RESULT /$round /p" "$TMP/point.out" >> "$RESULTS"
    # Why requests failed, once per row
    if [ -s "$TMP/point.err" ] && ! grep -q "^$label $clients:" "$TMP/notes" 2>/dev/null; then
        echo "$label $clients: $(sort "$TMP/point.err" | uniq -c | sort -rn | head -n 3 | tr -s ' ' | tr '\n' ';')" >> "$TMP/notes"
    fi
}

echo "vc-bench-rr: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $MS ms per point, $ROUNDS round(s), $(date -u '+%F %H:%M UTC')" >&2
for round in $(seq 1 "$ROUNDS"); do
    for clients in $CLIENT_COUNTS; do
        echo "round $round, $clients clients" >&2
        point "$round" "$clients" one-hop --target=zmq --endpoint=tcp://127.0.0.1:$PROXY_PORT --pids="proxy=$PROXY,echo=$ECHO"
        point "$round" "$clients" no-hop --target=zmq --endpoint=tcp://127.0.0.1:$ECHO_PORT --pids="echo=$ECHO"
        point "$round" "$clients" broker+echo --target=echo --endpoint="$AFTER_SERVER" --pids="$AFTER_ECHO"
        point "$round" "$clients" lookups --target=lookup --endpoint="$AFTER_SERVER" --pids="$AFTER_LOOKUP"
        if [ -n "$BEFORE_BIN" ]; then
            POINT_RR=$BEFORE_RR point "$round" "$clients" broker+echo/before --target=echo --endpoint="$BEFORE_SERVER" --pids="$BEFORE_ECHO"
            POINT_RR=$BEFORE_RR point "$round" "$clients" lookups/before --target=lookup --endpoint="$BEFORE_SERVER" --pids="$BEFORE_LOOKUP"
        fi
        if [ -z "$NATS_NOTE" ]; then
            point "$round" "$clients" nats --target=nats --endpoint=nats://127.0.0.1:$NATS_PORT --pids="nats-server=$NATS,responder=$NATS_ECHO"
        fi
    done
done

# --- memory per idle client, each on a fresh server
idle () {     # idle KIND ENDPOINT SERVER_PID [ROW [ARGS...]]
    local kind=$1 endpoint=$2 pid=$3 row=${4:-$1}
    shift 3; [ $# -gt 0 ] && shift
    "$RR" --mode=idle --target="$kind" --endpoint="$endpoint" --clients="$IDLE" --server-pid="$pid" \
        --settle-ms="${VC_BENCH_IDLE_MS:-1000}" "$@" 2>> "$TMP/idle.err" \
        | sed -n "s|^IDLE $kind |IDLE $row |p" >> "$TMP/idle" || true
}
: > "$TMP/idle"
if [ "$IDLE" -gt 0 ]; then
    echo "idle clients: $IDLE on a fresh broker, a fresh nats-server and a fresh plain ROUTER" >&2
    take_ports front back ein eout
    spawn idle-broker "$BIN/vc-broker" --frontend=tcp://127.0.0.1:$front --backend=tcp://127.0.0.1:$back \
        --events-in=tcp://127.0.0.1:$ein --events-out=tcp://127.0.0.1:$eout --source-max=5000 --log-level=warn
    IDLE_BROKER=$LAST_PID; wait_port "$front"
    idle broker "tcp://127.0.0.1:$front" "$IDLE_BROKER"
    kill "$IDLE_BROKER" 2>/dev/null || true
    if [ -n "$BEFORE_BIN" ] && [ -z "${VC_BENCH_BEFORE_CLIENT:-}" ]; then
        take_ports front back ein eout
        spawn idle-before "$BEFORE_BIN/vc-broker" --frontend=tcp://127.0.0.1:$front --backend=tcp://127.0.0.1:$back \
            --events-in=tcp://127.0.0.1:$ein --events-out=tcp://127.0.0.1:$eout --source-max=5000 --log-level=warn
        IDLE_BEFORE=$LAST_PID; wait_port "$front"
        idle broker/before "tcp://127.0.0.1:$front" "$IDLE_BEFORE"
        kill "$IDLE_BEFORE" 2>/dev/null || true
    fi
    if command -v nats-server > /dev/null; then
        port=$(free_port)
        spawn idle-nats nats-server -a 127.0.0.1 -p "$port"; IDLE_NATS=$LAST_PID; wait_port "$port"
        idle nats "nats://127.0.0.1:$port" "$IDLE_NATS"
        kill "$IDLE_NATS" 2>/dev/null || true
    fi
    port=$(free_port)
    spawn idle-router "$RR" --mode=echo-server --endpoint="tcp://127.0.0.1:$port"
    IDLE_ROUTER=$LAST_PID; wait_port "$port"
    idle zmq "tcp://127.0.0.1:$port" "$IDLE_ROUTER"
    kill "$IDLE_ROUTER" 2>/dev/null || true
    # What the broker's idle links carry, without the broker: the same
    # ROUTER and DEALERs with a two-frame message each way every second
    # (the protocol's HEARTBEATs), and with ZMTP heartbeats only (PING and
    # PONG stay inside libzmq's I/O threads; no message crosses a pipe)
    port=$(free_port)
    spawn idle-beats "$RR" --mode=echo-server --endpoint="tcp://127.0.0.1:$port"
    IDLE_ROUTER=$LAST_PID; wait_port "$port"
    idle zmq "tcp://127.0.0.1:$port" "$IDLE_ROUTER" zmq-beats --beat-ms=1000
    kill "$IDLE_ROUTER" 2>/dev/null || true
    port=$(free_port)
    spawn idle-zmtp "$RR" --mode=echo-server --endpoint="tcp://127.0.0.1:$port" --zmtp-heartbeat=1000
    IDLE_ROUTER=$LAST_PID; wait_port "$port"
    idle zmq "tcp://127.0.0.1:$port" "$IDLE_ROUTER" zmq-zmtp --zmtp-heartbeat=1000
    kill "$IDLE_ROUTER" 2>/dev/null || true
fi

# --- the table: medians over the rounds; ratio to the one-hop limit of the
#     same round and client count
echo
awk -v rounds="$ROUNDS" '
function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return n ? (n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2) : 0
}
$1 == "FAILED" { failed[$3 " " $4] = 1; order_add($3, $4); next }
function order_add(label, clients) { if (!((label, clients) in seen)) { seen[label, clients] = 1; order[++rows] = label SUBSEP clients } }
{
    round = $1; label = $2; clients = $3
    order_add(label, clients)
    rate[label, clients] = rate[label, clients] " " $4
    p50[label, clients] = p50[label, clients] " " $5
    p99[label, clients] = p99[label, clients] " " $6
    p999[label, clients] = p999[label, clients] " " $7
    errors[label, clients] += $8
    cpu = ""; total = 0
    for (i = 9; i <= NF; i++) {
        split($i, kv, "="); cpuv[label, clients, kv[1]] = cpuv[label, clients, kv[1]] " " kv[2]
        names[label, clients] = names[label, clients] (round == 1 ? " " kv[1] : "")
    }
    r[round, label, clients] = $4
}
END {
    printf "| workload | clients | req/s | / one hop | p50 µs | p99 µs | p99.9 µs | CPU µs per request | errors |\n"
    printf "|---|---|---|---|---|---|---|---|---|\n"
    for (k = 1; k <= rows; k++) {
        split(order[k], lc, SUBSEP); label = lc[1]; clients = lc[2]
        if ((label " " clients) in failed && !((label, clients) in rate)) { printf "| %s | %s | FAILED | | | | | | |\n", label, clients; continue }
        ratios = ""
        for (rd = 1; rd <= rounds; rd++)
            if (((rd, "one-hop", clients) in r) && r[rd, "one-hop", clients] > 0 && ((rd, label, clients) in r))
                ratios = ratios " " r[rd, label, clients] / r[rd, "one-hop", clients]
        n = split(names[label, clients], nm, " "); cpu = ""
        for (i = 1; i <= n; i++) cpu = cpu (i > 1 ? ", " : "") nm[i] " " sprintf("%.1f", median(cpuv[label, clients, nm[i]]))
        printf "| %s | %s | %.0f | %.2f | %d | %d | %d | %s | %d |\n", label, clients, median(rate[label, clients]),
               median(ratios), median(p50[label, clients]), median(p99[label, clients]), median(p999[label, clients]),
               cpu, errors[label, clients]
    }
}' "$RESULTS" | tee "$TMP/table"
echo
if [ -s "$TMP/idle" ]; then
    echo "| server (fresh) | idle clients | RSS before kB | RSS after kB | kB per idle client |"
    echo "|---|---|---|---|---|"
    awk 'BEGIN { name["zmq"] = "plain ROUTER (libzmq alone)"
                 name["zmq-beats"] = "plain ROUTER, 2 frames each way every 1 s"
                 name["zmq-zmtp"] = "plain ROUTER, ZMTP heartbeats every 1 s" }
         { printf "| %s | %s | %s | %s | %s |\n", ($2 in name) ? name[$2] : $2, $3, $4, $5, $6 }' "$TMP/idle"
fi
[ -n "$NATS_NOTE" ] && echo "$NATS_NOTE"
[ -s "$TMP/notes" ] && { echo "errors seen:"; cat "$TMP/notes"; }

if [ "${VC_BENCH_CHECK:-0}" = 1 ]; then
    # The shape: every row answered, no errors, every idle client connected
    problems=$(awk -F'|' 'NR > 2 && ($4 ~ /FAILED/ || $4 + 0 <= 0 || $10 + 0 > 0) { print $2 $3 }' "$TMP/table")
    expected=$(( $(echo $CLIENT_COUNTS | wc -w) * (4 + (${#BEFORE_BIN} > 0 ? 2 : 0) + (${#NATS_NOTE} > 0 ? 0 : 1)) ))
    rows=$(( $(wc -l < "$TMP/table") - 2 ))
    if [ -n "$problems" ] || [ "$rows" -ne "$expected" ]; then
        echo "bench: rows without answers or with errors:${problems:- none} ($rows of $expected rows)" >&2
        exit 1
    fi
    if [ "$IDLE" -gt 0 ] && awk -v n="$IDLE" '$3 != n { bad = 1 } END { exit !bad }' "$TMP/idle"; then
        echo "bench: not every idle client connected" >&2; cat "$TMP/idle" "$TMP/idle.err" >&2; exit 1
    fi
fi
exit 0
