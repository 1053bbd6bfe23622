#!/usr/bin/env bash
# mixed.sh - the mixed-workload benchmark: builds (optimised), starts a fresh system
# on free loopback ports (broker, auth, one or two data instances), runs vc-bench
# at 1, 10, 100 and 1000 clients with the echo reference, 1 vs 2 data-svc
# instances, and 1000 idle heartbeating clients; prints every figure.
# Usage: bench/mixed.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
BUILD=${VC_BENCH_BUILD:-build-bench}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DVC_WITH_GTK=OFF > /dev/null
cmake --build "$BUILD" -j"$(nproc)" --target vc-broker vc-auth-svc vc-data-svc vc-bench vc-cli > /dev/null
BIN=$PWD/$BUILD/bin
TMP=$(mktemp -d /tmp/vc-bench.XXXXXX)
PIDS=()
cleanup () { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

# Free TCP ports on 127.0.0.1, never one twice in the run: take_ports NAME...
source tests/integration/ports.sh
PORTS_FILE=$TMP/ports
take_ports front back ein eout
export VC_FRONTEND=tcp://127.0.0.1:$front VC_BACKEND=tcp://127.0.0.1:$back
export VC_EVENTS_IN=tcp://127.0.0.1:$ein VC_EVENTS_OUT=tcp://127.0.0.1:$eout
export VC_SERVER=$VC_FRONTEND VC_LOG_LEVEL=warn

# Every simulated user comes from this one address: no per-address quota.
"$BIN/vc-broker" --client-rate=0 --clients-max=20000 --costly-source-inflight=100000 > "$TMP/broker.log" 2>&1 & BROKER=$!; PIDS+=($BROKER)
sleep 0.3
# Benchmark accounts use the cheapest Argon2 settings so that 1000 clients
# can sign in quickly; production settings are in docs/auth.md.
"$BIN/vc-auth-svc" --db="$TMP/auth.db" ${VC_BENCH_AUTH_ARGS:---pwhash-ops=1 --pwhash-mem=8} \
    > "$TMP/auth.log" 2>&1 & AUTH=$!; PIDS+=($AUTH)
"$BIN/vc-data-svc" --db="$TMP/cases.db" > "$TMP/data1.log" 2>&1 & DATA1=$!; PIDS+=($DATA1)
for i in $(seq 1 100); do "$BIN/vc-cli" --timeout=500 ping data >/dev/null 2>&1 && break; sleep 0.1; done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
for clients in 1 10 100 1000; do
    echo; echo "== $clients clients, mixed workload, 1 data-svc instance"
    "$BIN/vc-bench" --clients=$clients --duration="$DURATION" --pids="broker=$BROKER,auth=$AUTH,data=$DATA1"
done
echo; echo "== 100 clients, lookups only, 1 data-svc instance"
"$BIN/vc-bench" --clients=100 --workload=lookup --duration="$DURATION" --no-reference --pids="broker=$BROKER,data=$DATA1"
"$BIN/vc-data-svc" --db="$TMP/cases.db" > "$TMP/data2.log" 2>&1 & DATA2=$!; PIDS+=($DATA2)
sleep 1
echo; echo "== 100 clients, lookups only, 2 data-svc instances"
"$BIN/vc-bench" --clients=100 --workload=lookup --duration="$DURATION" --no-reference \
    --pids="broker=$BROKER,data1=$DATA1,data2=$DATA2"
echo; echo "== 1000 idle clients, heartbeats only"
"$BIN/vc-bench" --clients=1000 --workload=idle --duration="$DURATION" --pids="broker=$BROKER"
