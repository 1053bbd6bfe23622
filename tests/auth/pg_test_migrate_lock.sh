# pg_test_migrate_lock - auth-svc on a PostgreSQL database whose schema
# lock (the one every service's migration takes, e.g. data-svc's while it
# seeds a new database) is held by another session: auth does not wait
# for it past a request's time. It starts, answers a sign-up 503 "store
# unavailable" well within 2 s, does not crash, and once the lock is free
# serves normally (the account store is made then). PostgreSQL only.
VC_TEST_DB=postgresql
source "$VC_SOURCE/tests/auth/auth_lib.sh"
SCHEMA_LOCK=1447249505      # store/vc_db.c, s_schema_lock

# Another session holds the schema lock until told to commit
mkfifo "$TEST_TMP/holder.in"
psql -X -q -v ON_ERROR_STOP=1 -d "$AUTH_DB" < "$TEST_TMP/holder.in" > "$TEST_TMP/holder.log" 2>&1 &
HOLDER_PID=$!
TEST_PIDS+=("$HOLDER_PID")
exec 7> "$TEST_TMP/holder.in"
echo "BEGIN; SELECT pg_advisory_xact_lock ($SCHEMA_LOCK); \\echo holding" >&7
wait_for 10 grep -q holding "$TEST_TMP/holder.log" \
    && pass "another session holds the schema lock" || fail "no lock: $(cat "$TEST_TMP/holder.log")"

start_auth_broker
started=$(now_ms)
start_auth auth --pwhash-ops=1 --pwhash-mem=8
echo "# auth registered $(( $(now_ms) - started )) ms after its start"
grep -q "store unavailable at start" "$TEST_TMP/auth.log" \
    && pass "auth says the store is unavailable at start" || fail "auth: $(tail -3 "$TEST_TMP/auth.log")"

# Each sign-up with a 2 s deadline (vc-cli tries a 503 again within it):
# a clear 503, not "no answer within 2 s" (the time with the process start)
for i in 1 2 3; do
    start=$(now_ms)
    out=$(cli --raw --timeout=2000 signup "locked$i" lock-password 2>&1)
    took=$(( $(now_ms) - start ))
    if grep -q "503" <<< "$out" && grep -q "store unavailable" <<< "$out" && [ "$took" -lt 2500 ]; then
        pass "sign-up $i while the lock is held: 503 store unavailable in $took ms"
    else
        fail "sign-up $i while the lock is held: $out ($took ms)"
    fi
done
kill -0 "$AUTH_PID" && pass "auth lives while the lock is held" || fail "auth died: $(tail -5 "$TEST_TMP/auth.log")"

# The lock is released: auth makes its store and serves
echo "COMMIT;" >&7
exec 7>&-
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" signup after-lock lock-password 2>&1 | grep -q 'account created'" \
    && pass "sign-up works once the lock is free" || fail "no sign-up after the lock: $(tail -5 "$TEST_TMP/auth.log")"
check "sign-in on the store made after the lock" 0 "signed in" cli signin after-lock lock-password
made=$(db_sql "$AUTH_DB" "SELECT COUNT(*) FROM accounts WHERE username IN ('locked1', 'locked2', 'locked3')" 2>&1)
[ "$made" = 0 ] && pass "no account from the refused sign-ups" || fail "refused sign-ups made accounts: $made"
finish
