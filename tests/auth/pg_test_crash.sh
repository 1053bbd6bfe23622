# pg_test_crash - the shared PostgreSQL store crashes (kill -9 of the server
# and its backends) while 200 clients sign up at once through two auth
# instances, then comes back: meanwhile requests are answered 503 "store
# unavailable" well within the broker's request timeout, nothing hangs;
# afterwards the same instances (not restarted) serve again and every
# acknowledged account is in the store. Registered for the PostgreSQL run
# only (the SQLite run's crash test is test_auth_storm).
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/auth/auth_lib.sh"

FAST=(--pwhash-ops=1 --pwhash-mem=8)
# The 200 clients share one address (loopback): no per-address quota
start_auth_broker --costly-source-inflight=100000
start_auth auth1 "${FAST[@]}"
AUTH1_PID=$AUTH_PID
start_auth auth2 "${FAST[@]}" --db-password-file="$TEST_TMP/pg.password"
AUTH2_PID=$AUTH_PID
check "sign up before the crash" 0 "account created" cli signup before-crash crash-password

ACKED=$TEST_TMP/acked.txt
: > "$ACKED"
"$VC_BIN/vc-auth-storm" --mode=waves --clients=200 --waves=12 --prefix=crash --acked-file="$ACKED" \
    --password=crash-password --timeout=60000 > "$TEST_TMP/waves.out" 2>&1 &
WAVES_PID=$!
TEST_PIDS+=("$WAVES_PID")
wait_for 120 bash -c "[ \$(wc -l < '$ACKED') -ge 30 ]" || fail "first sign-ups not acknowledged"
pg_kill9 && pass "PostgreSQL killed with SIGKILL after $(wc -l < "$ACKED") acknowledged sign-ups" \
         || fail "PostgreSQL did not die"

# While it is down: a clear answer, within the broker's request timeout (4 s)
start=$(now_ms)
out=$(cli --raw --timeout=10000 signup during-crash crash-password 2>&1)
took=$(( $(now_ms) - start ))
if grep -q "store unavailable" <<< "$out" && grep -q "503" <<< "$out" && [ "$took" -lt 4000 ]; then
    pass "sign-up while the store is down: 503 store unavailable in $took ms"
else
    fail "sign-up while the store is down: $out ($took ms)"
fi
out=$(cli --timeout=10000 signin before-crash crash-password 2>&1)
grep -q "store unavailable" <<< "$out" && pass "sign-in while the store is down: store unavailable" \
                                      || fail "sign-in while the store is down: $out"
sleep 3
pg_restart && pass "PostgreSQL restarted" || fail "PostgreSQL did not restart"

wait "$WAVES_PID"
tail -n 1 "$TEST_TMP/waves.out" | sed 's/^/# /'
grep -q "store_unavailable=[1-9]" "$TEST_TMP/waves.out" \
    && pass "sign-ups during the crash were told 'store unavailable'" || fail "no clear refusal during the crash"
# Every acknowledged name is in the store (read once the server is back)
acked=$(sort -u "$ACKED" | wc -l)
list=$(sort -u "$ACKED" | sed "s/.*/'&'/" | paste -sd,)
stored=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username IN ($list)")
if [ "$acked" -gt 0 ] && [ "$stored" = "$acked" ]; then
    pass "every acknowledged account is stored ($stored of $acked)"
else
    fail "acknowledged accounts lost: $stored of $acked stored"
fi

# The same processes serve again, without a restart
kill -0 "$AUTH1_PID" && kill -0 "$AUTH2_PID" && pass "both auth instances lived through the crash" \
                                             || fail "an auth instance died"
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" signup after-crash crash-password 2>&1 | grep -q 'account created'" \
    && pass "sign-up works again after the restart" || fail "no sign-up after the restart"
for i in 1 2 3 4; do
    check "sign-in $i after the restart (either instance)" 0 "signed in" cli signin before-crash crash-password
done
grep -q "connected to PostgreSQL again" "$TEST_TMP/auth1.log" "$TEST_TMP/auth2.log" \
    && pass "the instances reconnected by themselves" || fail "no reconnection logged"
dups=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM (SELECT lower(username) FROM accounts GROUP BY 1 HAVING COUNT(*) > 1) AS d")
[ "$dups" = "0" ] && pass "no duplicate accounts" || fail "$dups duplicated usernames"
# The password is given by file or libpq's password file, never on a command line
if ps -eo args | grep -F -- "$PG_PASSWORD" | grep -v grep > /dev/null; then
    fail "the database password shows in a command line"
else
    pass "the database password is on no command line"
fi
finish
