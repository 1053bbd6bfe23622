#!/usr/bin/env bash
# callgrind_lookups.sh - instructions per data-svc lookup, which do not move
# with the machine's load: the broker and data-svc under
# valgrind --tool=callgrind (auth-svc runs as usual) while signed-in
# vc-bench-rr clients make a fixed number of lookups (--target=lookup,
# closed loop). The counters are zeroed once a first run has signed up and
# dumped when the last reply is in (callgrind_control -z / -d), and only
# once data-svc has filled its whole histories (its start-up work).
# Per process: instructions per lookup of all its threads and of its own
# thread (the broker's actor thread, data-svc's main thread), and the
# calls of malloc, calloc and realloc per lookup in all its threads.
# Usage: bench/callgrind_lookups.sh [lookups, default 4000] (after scripts/setup.sh)
#   VC_BENCH_CLIENTS  client counts (default 10)
#   VC_BIN            the programs (default build/bin)
#   VC_BENCH_START_S  seconds data-svc may take to register under callgrind
#                     (it makes its case store first; default 300)
#   VC_BENCH_CG_DIR   keep the dumps there (NAME-CLIENTS.cg.*), for
#                     callgrind_annotate
set -uo pipefail
REQUESTS=${1:-4000}
CLIENT_COUNTS=${VC_BENCH_CLIENTS:-10}
export VC_SOURCE=${VC_SOURCE:-$(cd "$(dirname "$0")/.." && pwd)}
export VC_BIN=${VC_BIN:-$VC_SOURCE/build/bin}
source "$VC_SOURCE/tests/integration/lib.sh"
need vc-broker vc-auth-svc vc-data-svc vc-cli vc-bench-rr valgrind callgrind_control:valgrind
RR=$VC_BIN/vc-bench-rr
CG=(valgrind --tool=callgrind --separate-threads=yes --compress-strings=no --compress-pos=no --dump-instr=no)

# The broker (its limits on, the per-client rate out of the way), auth-svc
# and data-svc on a case store of its own
spawn broker "${CG[@]}" --callgrind-out-file="$TEST_TMP/broker.cg" "$VC_BIN/vc-broker" \
    --services=auth,data --client-rate=1000000 --source-max=5000 --request-timeout=60000 --log-level=warn
BROKER=$LAST_PID
wait_for 60 cli --timeout=2000 ping || { echo "callgrind_lookups.sh: the broker did not start"; exit 1; }
spawn auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --pwhash-ops=1 --pwhash-mem=8 --log-level=warn
spawn data "${CG[@]}" --callgrind-out-file="$TEST_TMP/data-svc.cg" "$VC_BIN/vc-data-svc" \
    --db="$TEST_TMP/cases.db" --log-level=info
DATA=$LAST_PID
wait_for "${VC_BENCH_START_S:-300}" cli --timeout=2000 ping data || { echo "callgrind_lookups.sh: data-svc did not register"; exit 1; }
# The first lookup signs up (slow once): a short run before counting
for _ in 1 2 3 4 5; do
    "$RR" --target=lookup --endpoint="$FRONTEND" --clients=1 --threads=1 --duration-ms=2000 \
        --warmup-ms=0 > /dev/null 2>&1 && break
    sleep 1
done
# A data-svc that fills its whole histories after it starts (data_ops_fill:
# 192 replies packed between requests, about 110 million instructions)
# does so before counting, or the fill is counted as lookups' work
if grep -q "whole histories filled" "$VC_BIN/vc-data-svc"; then
    wait_for "${VC_BENCH_START_S:-300}" grep -q "whole histories filled" "$TEST_TMP/data.log" \
        || { echo "callgrind_lookups.sh: data-svc did not fill its whole histories"; exit 1; }
fi

# count_dump PREFIX OWN_FUNCTION: "all own allocations" of a dump; its own
# thread is the one that ran OWN_FUNCTION
count_dump () {
    local file
    for file in "$1".*; do
        awk -v own="$2" '
            /^summary:/ { total = $2 }
            /^fn=/ { if (index($0, own)) has_own = 1 }
            /^cfn=/ { cfn = $0; sub(/^cfn=(\([0-9]+\) )?/, "", cfn) }
            /^calls=/ { split(substr($0, 7), c, " ");
                        if (cfn ~ /(^|:)(malloc|calloc|realloc)( |$)/) allocs += c[1] }
            END { print total + 0, has_own ? total : 0, allocs + 0 }' "$file"
    done | awk '{ all += $1; if ($2 > mine) mine = $2; allocs += $3 } END { printf "%d %d %d\n", all, mine, allocs }'
}

echo "callgrind: $REQUESTS lookups per point, programs in $VC_BIN, $(date -u '+%F %H:%M UTC')"
printf '%-10s %-8s %-22s %-22s %s\n' process clients "instructions/lookup" "own thread/lookup" "allocations/lookup"
for clients in $CLIENT_COUNTS; do
    rm -f "$TEST_TMP"/*.cg.*
    callgrind_control -z "$BROKER" > /dev/null 2>&1
    callgrind_control -z "$DATA" > /dev/null 2>&1
    threads=2; [ "$clients" -lt 2 ] && threads=1
    out=$("$RR" --target=lookup --endpoint="$FRONTEND" --clients="$clients" --threads=$threads \
          --requests="$REQUESTS" --duration-ms=1800000 2> "$TEST_TMP/rr.err")
    callgrind_control -d "$BROKER" > /dev/null 2>&1
    callgrind_control -d "$DATA" > /dev/null 2>&1
    errors=$(awk '/^RESULT/ { print $8 }' <<< "$out")
    [ "${errors:-1}" = 0 ] || { echo "callgrind_lookups.sh: $clients clients: ${errors:-no result} errors"; head -n 3 "$TEST_TMP/rr.err"; }
    for name in broker data-svc; do
        own=broker_client_message
        [ "$name" = data-svc ] && own=data_service_run
        if [ -n "${VC_BENCH_CG_DIR:-}" ]; then
            mkdir -p "$VC_BENCH_CG_DIR"
            for file in "$TEST_TMP/$name.cg".*; do cp "$file" "$VC_BENCH_CG_DIR/$name-$clients.cg.${file##*.cg.}"; done
        fi
        count_dump "$TEST_TMP/$name.cg" "$own" | awk -v n="$name" -v c="$clients" -v r="$REQUESTS" \
            '{ printf "%-10s %-8s %-22.0f %-22.0f %.2f\n", n, c, $1 / r, $2 / r, $3 / r }'
    done
done
