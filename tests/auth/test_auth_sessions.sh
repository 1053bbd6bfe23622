# test_auth_sessions - one client per account, across two auth instances:
# a second client is refused while the first is signed in; the same client
# may sign in again; sign out, a graceful exit (client.bye) and a SIGKILLed
# client (client.lost, after the heartbeat timeout) free the account; a
# session whose client vanished unnoticed is taken over after asking the
# broker; a forged client.lost on the bus ends nothing; a session survives
# a broker restart.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

start_auth_broker
spawn watch "$VC_BIN/vc-cli" watch auth.,client.
# (its subscription is made once it says so; the short wait after lets it
# reach the broker)
wait_for 20 grep -q "watching events" "$TEST_TMP/watch.log" || fail "the watch did not start"
sleep 0.5
start_auth auth1
AUTH1_PID=$AUTH_PID
start_auth auth2
AUTH2_PID=$AUTH_PID
PW=password-123
for user in carol dave erin frank; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

open_shell A 7
A_PID=$SHELL_PID
open_shell B 8
B_PID=$SHELL_PID
echo "signin carol $PW" >&7
expect_count 5 A "^signed in" 1 && pass "first client signs in" || fail "A did not sign in: $(cat "$TEST_TMP/A.out")"
echo "signin carol $PW" >&8
expect_count 5 B "account in use" 1 && pass "second client is refused: account in use" \
                                    || fail "B not refused: $(cat "$TEST_TMP/B.out")"
grep -q "account in use: signed in from another client" "$TEST_TMP/B.out" \
    && pass "refusal says why" || fail "refusal message: $(cat "$TEST_TMP/B.out")"
for i in 1 2 3; do
    check "one-shot client refused while in use ($i): status 423" 1 "\(423 account in use\)" cli --raw signin carol "$PW"
done
echo "signin carol $PW" >&7
expect_count 5 A "^signed in" 2 && pass "same client may sign in again" || fail "A re-sign-in"
echo "call auth whoami" >&7
expect_count 5 A '"username"=>"carol"' 1 && pass "session carries the username" || fail "whoami on A"

# A forged client.lost on the bus input does not end the session: only the
# broker emits client.* events, publishers' ones are dropped
A_CLIENT=$(grep " auth.login .*user=carol " "$TEST_TMP/watch.log" | tail -1 | sed -n 's/.*client=\([^ ]*\).*/\1/p')
[ -n "$A_CLIENT" ] || fail "no auth.login event for carol names her client"
check "a forged client.lost can be sent to the bus" 0 "published" \
      "$VC_BIN/vc-sec-probe" publish "$EVENTS_IN" client.lost "$A_CLIENT"
wait_for 5 grep -q "event 'client.lost' from a publisher dropped" "$TEST_TMP/broker.log" \
    && pass "the broker drops a published client.lost" || fail "forged client.lost not reported dropped"
check "the forged event did not free the account" 1 "account in use" cli signin carol "$PW"
grep -q "client.lost .*client=$A_CLIENT" "$TEST_TMP/watch.log" \
    && fail "the forged client.lost reached subscribers" || pass "subscribers never saw the forged event"

# Sign out frees the account
echo "signout" >&7
expect_count 5 A "^signed out" 1 && pass "sign out" || fail "A did not sign out"
echo "signin carol $PW" >&8
expect_count 5 B "^signed in" 1 && pass "signed-out account is free for another client" \
                                || fail "B could not sign in after sign-out: $(cat "$TEST_TMP/B.out")"
echo "call auth whoami" >&7
expect_count 5 A "not signed in" 1 && pass "signed-out client has no session" || fail "whoami on A after sign-out"

# Signing in as another user ends the client's previous session
echo "signin dave $PW" >&8
expect_count 5 B "^signed in" 2 && pass "client switches to another account" || fail "B switch"
check "previous account of a switching client is free" 0 "signed in" cli signin carol "$PW"
wait_for 5 grep -q "auth.logout .*user=carol.*signed in as another user" "$TEST_TMP/watch.log" \
    && pass "switching publishes a logout" || fail "no logout on switch"

# A graceful exit (client.bye) frees the account
exec 8>&-
wait_for 5 grep -q "auth.logout .*user=dave.*client exited" "$TEST_TMP/watch.log" \
    && pass "exiting client is logged out" || fail "no logout on bye"
check "account of an exited client is free" 0 "signed in" cli signin dave "$PW"

# A SIGKILLed client is lost after the heartbeat timeout, which frees it
echo "signin erin $PW" >&7
expect_count 5 A "^signed in" 3 || fail "A did not sign in as erin"
check "erin in use while A lives" 1 "account in use" cli signin erin "$PW"
start=$(now_ms)
kill -9 "$A_PID"
exec 7>&-
wait_for 10 grep -q "auth.logout .*user=erin.*connection lost" "$TEST_TMP/watch.log" \
    && pass "lost client is logged out after $(( $(now_ms) - start )) ms" || fail "no logout on client.lost"
wait_for 5 grep -q "client.lost" "$TEST_TMP/watch.log" && pass "broker reported client.lost" || fail "no client.lost"
check "account of a lost client is free" 0 "signed in" cli signin erin "$PW"

# Events missed: instances that hear no events ask the broker instead
kill -TERM "$AUTH1_PID" "$AUTH2_PID"
wait_for 5 bash -c "\"$VC_BIN/vc-cli\" ping auth 2>&1 | grep -q unavailable" || fail "auth still up"
start_auth deaf --events-out=
open_shell C 9
C_PID=$SHELL_PID
echo "signin frank $PW" >&9
expect_count 5 C "^signed in" 1 || fail "C did not sign in as frank"
check "account held by a live client stays refused after asking the broker" 1 "account in use" \
      cli signin frank "$PW"
lost_before=$(grep -c "client.lost" "$TEST_TMP/watch.log")
kill -9 "$C_PID"
exec 9>&-
wait_for 10 bash -c "[ \$(grep -c client.lost '$TEST_TMP/watch.log') -gt $lost_before ]" \
    || fail "broker did not notice the vanished client"
check "stale session of a vanished client is taken over" 0 "signed in" cli signin frank "$PW"
grep -q "session of frank on client .* is stale" "$TEST_TMP/deaf.log" \
    && pass "the broker was asked about the holder" || fail "no stale-session check in the log"

# A broker restart: the signed-in client resumes its session by itself
# (test_auth_resume has the rest), so the account stays in use
open_shell D 6
echo "signin carol $PW" >&6
expect_count 5 D "^signed in" 1 || fail "D did not sign in as carol"
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker2 "$VC_BIN/vc-broker" --log-level=debug
BROKER_PID=$LAST_PID
wait_for 15 cli --timeout=1000 ping auth && pass "auth re-registered after broker restart" \
                                         || fail "auth did not come back"
echo "call auth whoami" >&6
expect_count 10 D '"username"=>"carol"' 1 && pass "the session survives a broker restart" \
    || fail "D lost its session: $(tail -3 "$TEST_TMP/D.out")"
check "account still in use after a broker restart" 1 "account in use" cli signin carol "$PW"
exec 6>&-
finish
