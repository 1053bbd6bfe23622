#!/usr/bin/env bash
# backends.sh - the stores' two backends side by side: a broker, two auth
# instances and a data service on SQLite files, then on a PostgreSQL server
# started for the run (tests/integration/pg.sh); for each, case lookups of
# signed-in clients through the broker (vc-bench-rr --target=lookup:
# lookups/s, p50, p99), one client signing in and out (sign-ins/s, median,
# p99) and 100 clients signing up then in at once (round times). Same
# machine, same build, same password settings.
# Usage: bench/backends.sh [rounds, default 300] (after scripts/setup.sh);
# VC_BENCH_MS (default 3000) ms and VC_BENCH_CLIENTS (default 8) lookup clients.
set -uo pipefail
ROUNDS=${1:-300}
MS=${VC_BENCH_MS:-3000}
CLIENTS=${VC_BENCH_CLIENTS:-8}
export VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
export VC_BIN=${VC_BIN:-$VC_SOURCE/build/bin}
source "$VC_SOURCE/tests/integration/lib.sh"
HASH=(--pwhash-ops=1 --pwhash-mem=8)       # cheap hashes: the store's cost shows

run_backend () {
    local backend=$1 db cases
    VC_TEST_DB=$backend
    test_db db "auth_$backend"
    test_db cases "cases_$backend"
    start_broker --request-timeout=60000 --client-rate=1000000 --source-max=5000 > /dev/null
    start_service "auth1-$backend" auth "$VC_BIN/vc-auth-svc" --db="$db" --log-level=warn "${HASH[@]}"
    local a1=$LAST_SERVICE_PID
    start_service "auth2-$backend" auth "$VC_BIN/vc-auth-svc" --db="$db" --log-level=warn "${HASH[@]}"
    local a2=$LAST_SERVICE_PID
    start_service "data-$backend" data "$VC_BIN/vc-data-svc" --db="$cases" --log-level=warn
    local d1=$LAST_SERVICE_PID
    local one many look
    "$VC_BIN/vc-bench-rr" --target=lookup --endpoint="$VC_FRONTEND" --clients=1 --threads=1 \
        --duration-ms=300 --warmup-ms=0 > /dev/null 2>&1      # the first lookup signs up
    look=$("$VC_BIN/vc-bench-rr" --target=lookup --endpoint="$VC_FRONTEND" --clients="$CLIENTS" \
           --threads=2 --duration-ms="$MS" --label=lookups --pids="data-svc=$d1" 2>&1 \
           | awk '/^RESULT/ { printf "lookups %s clients: %s/s p50 %s us p99 %s us errors %s", $3, $4, $5, $6, $8 }')
    one=$("$VC_BIN/vc-auth-storm" --mode=latency --clients=1 --rounds="$ROUNDS" --prefix="t$backend" \
          --log-level=warn 2>&1 | grep '^latency')
    many=$("$VC_BIN/vc-auth-storm" --mode=distinct --clients=100 --prefix="m$backend" --db="$db" \
           --log-level=warn 2>&1 | grep '^distinct')
    printf '%-10s | %s\n%-10s | %s\n%-10s | %s\n' "$backend" "$look" "$backend" "$one" "$backend" "$many"
    kill "$a1" "$a2" "$d1" "$BROKER_PID" 2>/dev/null
    wait "$a1" "$a2" "$d1" "$BROKER_PID" 2>/dev/null
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), Argon2id 1 pass 8 MiB, two auth instances, one data service, $(date -u '+%F %H:%M UTC')"
run_backend sqlite
run_backend postgresql
