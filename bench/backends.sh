#!/usr/bin/env bash
# backends.sh - the account store's two backends side by side: a broker and
# two auth instances on a SQLite file, then on a PostgreSQL server started
# for the run (tests/integration/pg.sh); for each, one client signing in
# and out (sign-ins/s, median, p99) and 100 clients signing up then in at
# once (round times). Same machine, same build, same password settings.
# Usage: bench/backends.sh [rounds, default 300] (after scripts/setup.sh)
set -uo pipefail
ROUNDS=${1:-300}
export VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
export VC_BIN=${VC_BIN:-$VC_SOURCE/build/bin}
source "$VC_SOURCE/tests/integration/lib.sh"
HASH=(--pwhash-ops=1 --pwhash-mem=8)       # cheap hashes: the store's cost shows

run_backend () {
    local backend=$1 db
    VC_TEST_DB=$backend
    test_db db "auth_$backend"
    start_broker --request-timeout=60000 > /dev/null
    start_service "auth1-$backend" auth "$VC_BIN/vc-auth-svc" --db="$db" --log-level=warn "${HASH[@]}"
    local a1=$LAST_SERVICE_PID
    start_service "auth2-$backend" auth "$VC_BIN/vc-auth-svc" --db="$db" --log-level=warn "${HASH[@]}"
    local a2=$LAST_SERVICE_PID
    local one many
    one=$("$VC_BIN/vc-auth-storm" --mode=latency --clients=1 --rounds="$ROUNDS" --prefix="t$backend" \
          --log-level=warn 2>&1 | grep '^latency')
    many=$("$VC_BIN/vc-auth-storm" --mode=distinct --clients=100 --prefix="m$backend" --db="$db" \
           --log-level=warn 2>&1 | grep '^distinct')
    printf '%-10s | %s\n%-10s | %s\n' "$backend" "$one" "$backend" "$many"
    kill "$a1" "$a2" "$BROKER_PID" 2>/dev/null
    wait "$a1" "$a2" "$BROKER_PID" 2>/dev/null
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), Argon2id 1 pass 8 MiB, two auth instances"
run_backend sqlite
run_backend postgresql
