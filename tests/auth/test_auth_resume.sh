# test_auth_resume - sessions survive a broker restart: signed-in clients
# whose broker is killed (SIGKILL) and started again resume their sessions
# by themselves (the token is rotated: the old one opens nothing after); a
# live session is never taken over by another connection presenting its
# token; a session nobody resumes ends when the grace period is over; no
# token shows in any log or event.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

start_auth_broker
spawn watch "$VC_BIN/vc-cli" watch auth.
sleep 0.5
start_auth auth1 --resume-grace=5
PW=password-123
for user in ann ben cyd; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

open_shell A 7 --raw
A_PID=$SHELL_PID
open_shell B 8
open_shell C 9
C_PID=$SHELL_PID
echo "signin ann $PW" >&7
echo "signin ben $PW" >&8
echo "signin cyd $PW" >&9
expect_count 10 A '"token"=>"' 1 || fail "A did not sign in: $(cat "$TEST_TMP/A.out")"
expect_count 10 B "^signed in" 1 || fail "B did not sign in: $(cat "$TEST_TMP/B.out")"
expect_count 10 C "^signed in" 1 || fail "C did not sign in: $(cat "$TEST_TMP/C.out")"
TOKEN=$(grep -o '"token"=>"[0-9a-f]*"' "$TEST_TMP/A.out" | head -1 | cut -d'"' -f4)
[ ${#TOKEN} -eq 64 ] || fail "no token in A's sign-in reply"

# Another connection presenting a live session's token is refused
check "a live session is not taken over by its token (423)" 1 "423" \
    cli --raw call auth resume token="$TOKEN"
check "an unknown token resumes nothing (401)" 1 "401" \
    cli --raw call auth resume token="$(printf '%064d' 7)"

# C is frozen: its session stays in the store but nobody will resume it
kill -STOP "$C_PID"
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker2 "$VC_BIN/vc-broker" --log-level=debug
BROKER_PID=$LAST_PID
wait_for 15 cli --timeout=1000 ping auth && pass "auth registered with the new broker run" \
                                         || fail "auth did not come back"
# (A's sign-in reply names ann already: its whoami must add a line)
ann_before=$(grep -cE '"username"=>"ann"' "$TEST_TMP/A.out")
echo "call auth whoami" >&7
echo "call auth whoami" >&8
expect_count 10 A '"status"=>200, .*"username"=>"ann"' $((ann_before + 1)) && pass "A still signed in as ann after the broker restart" \
    || fail "A lost its session: $(tail -3 "$TEST_TMP/A.out")"
expect_count 10 B '"username"=>"ben"' 1 && pass "B still signed in as ben" \
    || fail "B lost its session: $(tail -3 "$TEST_TMP/B.out")"
wait_for 5 grep -q "resumed the session of ann" "$TEST_TMP/auth1.log" && pass "auth says the session was resumed" \
    || fail "no resume in the auth log"
wait_for 5 grep -q "auth.login.*session resumed" "$TEST_TMP/watch.log" \
    && pass "auth.login 'session resumed' published" || fail "no resume event: $(tail -3 "$TEST_TMP/watch.log")"
check "the resumed account is still in use for others (423)" 1 "423" cli --raw signin ann "$PW"
check "the old token opens nothing after the rotation (401)" 1 "401" \
    cli --raw call auth resume token="$TOKEN"

# Nobody resumed cyd: its session ends with the grace period
kill -9 "$C_PID"
exec 9>&-
wait_for 15 grep -q "session of cyd on client .* ended: broker restarted" "$TEST_TMP/auth1.log" \
    && pass "a session not resumed within the grace period ends" || fail "cyd was not swept"
check "cyd's account is free again" 0 "signed in" cli signin cyd "$PW"

# The token is a secret: in no log and no event
if grep -rqF "$TOKEN" "$TEST_TMP"/*.log; then fail "the token shows in a log"; else pass "no log shows the token"; fi
exec 7>&- 8>&-
finish
