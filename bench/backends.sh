#!/usr/bin/env bash
# backends.sh - the stores' two backends side by side: a broker, two auth
# instances and a data service on SQLite files, and the same on a
# PostgreSQL server started for the run (tests/integration/pg.sh), both
# systems running at once. Case lookups of signed-in clients through each
# broker (vc-bench-rr --target=lookup: lookups/s, p50, p99), measured in
# alternating turns so that other work on the machine weighs on both alike;
# then, one backend at a time, one client signing in and out (sign-ins/s,
# median, p99) and 100 clients signing up then in at once (round times).
# Same machine, same build, same password settings.
# Usage: bench/backends.sh [rounds, default 300] (after scripts/setup.sh);
# VC_BENCH_MS (default 3000) ms per lookup turn, VC_BENCH_TURNS (default 3)
# turns per backend, VC_BENCH_CLIENTS (default 8) lookup clients,
# VC_BENCH_PWHASH (default "1 8") Argon2id passes and MiB.
set -uo pipefail
ROUNDS=${1:-300}
MS=${VC_BENCH_MS:-3000}
TURNS=${VC_BENCH_TURNS:-3}
CLIENTS=${VC_BENCH_CLIENTS:-8}
export VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
export VC_BIN=${VC_BIN:-$VC_SOURCE/build/bin}
source "$VC_SOURCE/tests/integration/lib.sh"
# cheap hashes by default, so that the store's cost shows;
# VC_BENCH_PWHASH="2 32" for the services' default (passes, MiB)
read -r PWHASH_OPS PWHASH_MEM <<< "${VC_BENCH_PWHASH:-1 8}"
HASH=(--pwhash-ops="$PWHASH_OPS" --pwhash-mem="$PWHASH_MEM")
declare -A FRONT DATA_PID DB

# start_backend BACKEND: broker, two auth instances, one data service on
# stores of that backend, on ports of their own
start_backend () {
    local backend=$1 db cases
    VC_TEST_DB=$backend
    pick_ports
    test_db db "auth_$backend"
    test_db cases "cases_$backend"
    start_broker --request-timeout=60000 --client-rate=1000000 --source-max=5000 \
        --costly-source-inflight=100000 > /dev/null     # every client is on loopback
    start_service "auth1-$backend" auth "$VC_BIN/vc-auth-svc" --db="$db" --log-level=warn "${HASH[@]}"
    start_service "auth2-$backend" auth "$VC_BIN/vc-auth-svc" --db="$db" --log-level=warn "${HASH[@]}"
    start_service "data-$backend" data "$VC_BIN/vc-data-svc" --db="$cases" --log-level=warn
    DATA_PID[$backend]=$LAST_SERVICE_PID
    FRONT[$backend]=$VC_FRONTEND
    DB[$backend]=$db
    "$VC_BIN/vc-bench-rr" --target=lookup --endpoint="$VC_FRONTEND" --clients=1 --threads=1 \
        --duration-ms=300 --warmup-ms=0 > /dev/null 2>&1      # the first lookup signs up
}

# lookups BACKEND: one turn; prints "rate p50 p99 errors"
lookups () {
    "$VC_BIN/vc-bench-rr" --target=lookup --endpoint="${FRONT[$1]}" --clients="$CLIENTS" --threads=2 \
        --duration-ms="$MS" --label=lookups --pids="data-svc=${DATA_PID[$1]}" 2>&1 \
        | awk '/^RESULT/ { print $4, $5, $6, $8 }'
}

# median of numbers on stdin
median () { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), Argon2id $PWHASH_OPS pass(es) $PWHASH_MEM MiB, two auth instances and one data service per backend, $(date -u '+%F %H:%M UTC')"
start_backend sqlite
start_backend postgresql
: > "$TEST_TMP/turns"
for turn in $(seq 1 "$TURNS"); do
    for backend in sqlite postgresql; do
        echo "$backend $(lookups "$backend")" >> "$TEST_TMP/turns"
    done
done
for backend in sqlite postgresql; do
    rate=$(awk -v b="$backend" '$1 == b { print $2 }' "$TEST_TMP/turns" | median)
    p50=$(awk -v b="$backend" '$1 == b { print $3 }' "$TEST_TMP/turns" | median)
    p99=$(awk -v b="$backend" '$1 == b { print $4 }' "$TEST_TMP/turns" | median)
    errors=$(awk -v b="$backend" '$1 == b { s += $5 } END { print s + 0 }' "$TEST_TMP/turns")
    printf '%-10s | lookups %s clients, median of %s turns of %s ms: %s/s p50 %s us p99 %s us errors %s (turns: %s)\n' \
        "$backend" "$CLIENTS" "$TURNS" "$MS" "$rate" "$p50" "$p99" "$errors" \
        "$(awk -v b="$backend" '$1 == b { printf "%s%s", sep, $2; sep = " " }' "$TEST_TMP/turns")"
done
for backend in sqlite postgresql; do
    one=$("$VC_BIN/vc-auth-storm" --mode=latency --clients=1 --rounds="$ROUNDS" --prefix="t$backend" \
          --server="${FRONT[$backend]}" --log-level=warn 2>&1 | grep '^latency')
    many=$("$VC_BIN/vc-auth-storm" --mode=distinct --clients=100 --prefix="m$backend" --db="${DB[$backend]}" \
           --server="${FRONT[$backend]}" --log-level=warn 2>&1 | grep '^distinct')
    printf '%-10s | %s\n%-10s | %s\n' "$backend" "$one" "$backend" "$many"
done
