# test_monitor_failover_load - the operator's monitor (vc-monitor, given
# both brokers of a pair) through kill -9 of the active broker while 100
# clients run data lookups, whoami and sign-ins (vc-bench-failover, 500 to
# 1,000 events a second): the window keeps drawing under the flood (seen
# from outside: the screen grabbed for 10 s changed between three grabs
# in four, or 40 times, and was never seen unchanged for 1.5 s (a grab
# takes 80-300 ms); a window that drew a frame every second or so changed
# between less than half of the grabs, at most 25 times; on a shared
# machine with a load of 14 on its 2 cores, the window was seen unchanged
# for 1.1 s once in 10 runs),
# its table shows the failover separator row, "— failover —", with the new
# run's events after it, while the clients keep running; screenshots of
# the table (monitor-failover-load-table.png) and of it searched for
# "failover" (monitor-failover-load.png: the separator row and the
# broker.failover event) are kept; no request failed as the clients saw it.
source "$(dirname "$0")/lib_ui.sh"
source "$VC_SOURCE/tests/integration/pair_lib.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"
command -v import > /dev/null || skip_all "import is not installed (package imagemagick)"
CLIENTS=${VC_FAILOVER_CLIENTS:-100}

start_xvfb
# The clients all come from loopback: no per-address quota on sign-ins
start_pair --services=auth,data --costly-source-inflight=100000
mkdir -p "$TEST_TMP/var"
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/var/auth.db" --pwhash-ops=1 \
    --pwhash-mem=8 --log-level=debug
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/var/cases.db" --log-level=warn

cat > "$TEST_TMP/monitor.script" <<EOF
timeout 30
wait-text broker-status ^The broker answers
run touch $TEST_TMP/monitor-ready
timeout 240
wait-file $TEST_TMP/killed
wait-text events — failover —
sleep 3000
dump events $TEST_TMP/events.tsv
screenshot monitor-failover-load-table.png
set monitor-search failover
wait-text events-count ^[0-9]+ of [0-9]+ events\$
wait-text events \t— failover —\t
screenshot monitor-failover-load.png
quit
EOF
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --server="$SERVERS" --events="$EVENTS_OUTS" --poll=500
MONITOR_PID=$LAST_UI_PID
wait_for 60 test -f "$TEST_TMP/monitor-ready" && pass "the monitor follows the pair" \
    || fail "the monitor did not start: $(tail -3 "$TEST_TMP/monitor.log")"

start_load 120 150
watch_drawing 10 "$TEST_TMP/drawing.txt"
read -r still grabs changes <<< "$(still_ms "$TEST_TMP/drawing.txt")"
echo "# under the flood: $grabs screen grabs in 10 s, $changes changes, still for $still ms at most"
# Drawing: changed between three grabs in four (slow grabs), or 4 times a
# second (fast grabs, faster than the frames), and never still for 1.5 s
[ "$still" -lt 1500 ] && { [ $((changes * 4)) -ge $(((grabs - 1) * 3)) ] || [ "$changes" -ge 40 ]; } \
    && pass "the monitor keeps drawing under the flood (still for $still ms at most, $changes changes in $grabs grabs)" \
    || fail "the monitor stopped drawing: still for $still ms of 10 s ($changes changes in $grabs grabs)"
kill_primary 10
touch "$TEST_TMP/killed"
wait_ui monitor "$MONITOR_PID"
separators=$(awk -F'\t' 'NR > 1 && $1 == "" { printf "%s;", $5 }' "$TEST_TMP/events.tsv" 2> /dev/null)
[ "$separators" = "— failover —;" ] && pass "the monitor's table shows one separator, the failover" \
    || fail "separators in the table: '$separators'"
after=$(awk -F'\t' 'found && $NF == "data.lookup" { n++ } $5 == "— failover —" { found = 1 } END { print n + 0 }' \
    "$TEST_TMP/events.tsv" 2> /dev/null)
[ "${after:-0}" -gt 0 ] && pass "the clients' lookups through the backup follow the separator ($after rows)" \
    || fail "no lookup of the backup's run after the separator"
[ -s "$SHOTS/monitor-failover-load.png" ] && pass "screenshot $SHOTS/monitor-failover-load.png" \
    || fail "no screenshot"
kill -TERM "$LOAD_PID"
wait_for 30 grep -q "^clients=" "$TEST_TMP/load.log" || fail "the clients did not report"
result=$(grep "^clients=" "$TEST_TMP/load.log")
echo "# $result"
grep -q " failed=0 " <<< "$result" && pass "no request failed as the clients saw it" \
    || fail "requests failed: $result"
finish
