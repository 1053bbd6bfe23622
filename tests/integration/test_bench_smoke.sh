#!/usr/bin/env bash
# test_bench_smoke - bench/run.sh end to end with short points (300 ms) at
# 1 and 10 clients and 100 idle clients, so the benchmark cannot rot: every
# row (no hop, one zmq_proxy hop, broker+echo, lookups, NATS where it is
# installed) must answer without errors and the idle clients must all
# connect (broker, nats-server, plain ROUTER, with beats, with ZMTP heartbeats). The shape is checked, not the speed (the machine may be loaded).
set -u
VC_BIN=${VC_BIN:?VC_BIN must point at the build bin directory}
VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
out=$(mktemp /tmp/vc-bench-smoke.XXXXXX)
trap 'rm -f "$out"' EXIT
VC_BENCH_BIN=$VC_BIN VC_BENCH_MS=${VC_BENCH_MS:-300} VC_BENCH_CLIENTS="1 10" VC_BENCH_IDLE=100 \
    VC_BENCH_CHECK=1 bash "$VC_SOURCE/bench/run.sh" > "$out" 2>&1
rc=$?
cat "$out"
if [ $rc -ne 0 ]; then echo "FAIL: bench/run.sh exited $rc"; exit 1; fi
for row in one-hop no-hop broker+echo lookups; do
    for clients in 1 10; do
        grep -q "^| $row | $clients | [0-9]" "$out" || { echo "FAIL: no row '$row' at $clients clients"; exit 1; }
    done
done
grep -q '^| broker | 100 |' "$out" || { echo "FAIL: no idle-memory row for the broker"; exit 1; }
grep -q '^| plain ROUTER (libzmq alone) | 100 |' "$out" || { echo "FAIL: no idle-memory row for the plain ROUTER"; exit 1; }
grep -q '^| plain ROUTER, 2 frames each way every 1 s | 100 |' "$out" || { echo "FAIL: no idle-memory row for the plain ROUTER with beats"; exit 1; }
grep -q '^| plain ROUTER, ZMTP heartbeats every 1 s | 100 |' "$out" || { echo "FAIL: no idle-memory row for the plain ROUTER with ZMTP heartbeats"; exit 1; }
if command -v nats-server > /dev/null || [ -x /usr/sbin/nats-server ]; then
    grep -q '^| nats | 10 | [0-9]' "$out" || { echo "FAIL: nats-server is installed but NATS has no row"; exit 1; }
fi
echo "PASS: every row answered"
