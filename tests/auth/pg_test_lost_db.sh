# pg_test_lost_db - auth-svc serves from an open PostgreSQL store, then
# loses its server: first the server stops and a socket that listens on its
# port never answers (the store must connect again), then the server's
# processes are stopped (SIGSTOP: the connection is neither closed nor
# answered). Bursts of sign-ups are each answered 503 "store unavailable"
# within a bound derived from a ping in the same run, none held in auth
# behind an attempt to connect again; a statement sent to the stopped
# server is given up after its statement timeout + 1 s, never waited for
# forever. When the server answers again, sign-up and sign-in work on the
# same instance and every account made is in the store. PostgreSQL only.
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/auth/auth_lib.sh"

FAST=(--pwhash-ops=1 --pwhash-mem=8)
DB_TIMEOUT=1000                 # --db-timeout: a statement's bound is 2000 ms

start_auth_broker
burst_bound

start_auth auth --db-password-file="$TEST_TMP/pg.password" --db-timeout="$DB_TIMEOUT" "${FAST[@]}"
check "sign-up with the store open" 0 "account created" cli signup lost-first lost-password

# The server stops; a socket listens on its port and never answers
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null 2>&1 \
    && pass "PostgreSQL stopped under a serving auth" || fail "PostgreSQL did not stop"
silent_listener "$PG_PORT"
burst silent
sleep 1
burst silent-again

kill "$SILENT_PID"; wait "$SILENT_PID" 2> /dev/null
pg_restart && pass "PostgreSQL started again" || fail "PostgreSQL did not start"
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" signup lost-back lost-password 2>&1 | grep -q 'account created'" \
    && pass "sign-up works once PostgreSQL is back" || fail "no sign-up once PostgreSQL is back: $(tail -5 "$TEST_TMP/auth.log")"
check "sign-in on the same instance" 0 "signed in" cli signin lost-first lost-password
# Both pool threads' connections are new and in use
pids=()
for i in 1 2 3 4; do cli signin lost-back lost-password > /dev/null 2>&1 & pids+=($!); done
wait "${pids[@]}"

# The server's processes stop (SIGSTOP): connections stay open, unanswered
pg_pids () { local main; main=$(head -1 "$PG_DIR/data/postmaster.pid"); echo "$main" $(pgrep -P "$main"); }
STOPPED=$(pg_pids)
kill -STOP $STOPPED && pass "PostgreSQL's processes stopped (SIGSTOP)" || fail "SIGSTOP failed"
# The first sign-ups find open connections: each statement is given up
# after DB_TIMEOUT + 1000 ms (a bound, not forever)
LIMIT=$(( DB_TIMEOUT + 1000 ))
pids=()
for i in 1 2 3; do
    ( start=$(now_ms); out=$(cli --raw --timeout=6000 signup "stopped$i" lost-password 2>&1)
      echo "$(( $(now_ms) - start )) $out" > "$TEST_TMP/stopped$i.reply" ) &
    pids+=($!)
done
wait "${pids[@]}"
worst=0 wrong=0
for i in 1 2 3; do
    read -r took out < "$TEST_TMP/stopped$i.reply"
    [ "$took" -gt "$worst" ] && worst=$took
    grep -q "503" <<< "$out" || { wrong=$((wrong + 1)); echo "# stopped$i: $took ms $out"; }
done
echo "# figure: 3 sign-ups sent to a stopped server: answered 503 within $worst ms (statement bound $LIMIT ms)"
[ "$wrong" -eq 0 ] && [ "$worst" -lt $(( 2 * LIMIT + BOUND )) ] \
    && pass "sign-ups sent to a stopped server are answered 503 within $worst ms" \
    || fail "sign-ups to a stopped server: $wrong not 503, slowest $worst ms"
grep -q "did not answer within $LIMIT ms" "$TEST_TMP/auth.log" \
    && pass "auth dropped the connection that did not answer" || fail "auth: $(tail -5 "$TEST_TMP/auth.log")"
sleep 1
burst stopped-burst
kill -CONT $STOPPED && pass "PostgreSQL's processes go on (SIGCONT)" || fail "SIGCONT failed"
STOPPED=""

wait_for 20 bash -c "\"$VC_BIN/vc-cli\" signup lost-cont lost-password 2>&1 | grep -q 'account created'" \
    && pass "sign-up works once PostgreSQL answers again" || fail "no sign-up after SIGCONT: $(tail -5 "$TEST_TMP/auth.log")"
check "sign-in after SIGCONT" 0 "signed in" cli signin lost-first lost-password
MADE="'lost-first', 'lost-back', 'lost-cont'"
made=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username IN ($MADE)" 2>&1)
[ "$made" = 3 ] && pass "every account made is in the store" || fail "accounts in the store: $made"
refused=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username NOT IN ($MADE)" 2>&1)
[ "$refused" = 0 ] && pass "no account from the refused sign-ups" || fail "refused sign-ups made accounts: $refused"
kill -0 "$AUTH_PID" && pass "auth served on without a restart" || fail "auth died"
finish
