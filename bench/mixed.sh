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
# need, spawn NAME command... (logs in $TEST_TMP); pick_ports gives the
# broker four free ports (tests/integration/ports.sh) and exports them for
# every program; the programs started are stopped and $TEST_TMP removed at exit
export VC_BIN=$BIN
source tests/integration/lib.sh
need vc-broker vc-auth-svc vc-data-svc vc-bench vc-cli
TMP=$TEST_TMP
export VC_LOG_LEVEL=warn

# Every simulated user comes from this one address: no per-address quota.
spawn broker "$BIN/vc-broker" --client-rate=0 --clients-max=20000 --costly-source-inflight=100000; BROKER=$LAST_PID
sleep 0.3
# Benchmark accounts use the cheapest Argon2 settings so that 1000 clients
# can sign in quickly; production settings are in docs/auth.md.
spawn auth "$BIN/vc-auth-svc" --db="$TMP/auth.db" ${VC_BENCH_AUTH_ARGS:---pwhash-ops=1 --pwhash-mem=8}
AUTH=$LAST_PID
spawn data1 "$BIN/vc-data-svc" --db="$TMP/cases.db"; DATA1=$LAST_PID
for i in $(seq 1 100); do "$BIN/vc-cli" --timeout=500 ping data >/dev/null 2>&1 && break; sleep 0.1; done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
for clients in 1 10 100 1000; do
    echo; echo "== $clients clients, mixed workload, 1 data-svc instance"
    "$BIN/vc-bench" --clients=$clients --duration="$DURATION" --pids="broker=$BROKER,auth=$AUTH,data=$DATA1"
done
echo; echo "== 100 clients, lookups only, 1 data-svc instance"
"$BIN/vc-bench" --clients=100 --workload=lookup --duration="$DURATION" --no-reference --pids="broker=$BROKER,data=$DATA1"
spawn data2 "$BIN/vc-data-svc" --db="$TMP/cases.db"; DATA2=$LAST_PID
sleep 1
echo; echo "== 100 clients, lookups only, 2 data-svc instances"
"$BIN/vc-bench" --clients=100 --workload=lookup --duration="$DURATION" --no-reference \
    --pids="broker=$BROKER,data1=$DATA1,data2=$DATA2"
echo; echo "== 1000 idle clients, heartbeats only"
"$BIN/vc-bench" --clients=1000 --workload=idle --duration="$DURATION" --pids="broker=$BROKER"
