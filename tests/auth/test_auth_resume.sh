# test_auth_resume - sessions survive a broker restart: signed-in clients
# whose broker is killed (SIGKILL) and started again resume their sessions
# by themselves (the token is rotated: the old one opens nothing after); a
# live session is never taken over by another connection presenting its
# token; a session nobody resumes ends when the grace period is over; a
# session whose connection went with the old broker run is resumed by a
# new connection presenting its token, which gets the rotated token in that
# reply only. No token, old or rotated, shows in any log (every program at
# debug level, the shells' own output included), event, listing (clients,
# client, the broker's event history) or reply but the sign-in or resume
# that handed it out. A resume that finds no auth instance on a new broker
# run is asked again once auth is back, and the session is kept.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

export VC_LOG_LEVEL=debug
start_auth_broker --operator-key-file="$OPERATOR_KEY"
spawn watch "$VC_BIN/vc-cli" watch auth.
# (its subscription is made once it says so; the short wait after lets it
# reach the broker)
wait_for 20 grep -q "watching events" "$TEST_TMP/watch.log" || fail "the watch did not start"
sleep 0.5
start_auth auth1 --resume-grace=5
PW=password-123
for user in ann ben cyd dan; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

open_shell A 7 --raw
A_PID=$SHELL_PID
open_shell B 8
open_shell C 9
C_PID=$SHELL_PID
open_shell D 6 --raw
D_PID=$SHELL_PID
echo "signin ann $PW" >&7
echo "signin ben $PW" >&8
echo "signin cyd $PW" >&9
echo "signin dan $PW" >&6
expect_count 10 A '"token"=>"' 1 || fail "A did not sign in: $(cat "$TEST_TMP/A.out")"
expect_count 10 B "^signed in" 1 || fail "B did not sign in: $(cat "$TEST_TMP/B.out")"
expect_count 10 C "^signed in" 1 || fail "C did not sign in: $(cat "$TEST_TMP/C.out")"
expect_count 10 D '"token"=>"' 1 || fail "D did not sign in: $(cat "$TEST_TMP/D.out")"
TOKEN=$(grep -o '"token"=>"[0-9a-f]*"' "$TEST_TMP/A.out" | head -1 | cut -d'"' -f4)
[ ${#TOKEN} -eq 64 ] || fail "no token in A's sign-in reply"
TOKEN_D=$(grep -o '"token"=>"[0-9a-f]*"' "$TEST_TMP/D.out" | head -1 | cut -d'"' -f4)
[ ${#TOKEN_D} -eq 64 ] || fail "no token in D's sign-in reply"

# Another connection presenting a live session's token is refused
check "a live session is not taken over by its token (423)" 1 "423" \
    cli --raw call auth resume token="$TOKEN"
check "an unknown token resumes nothing (401)" 1 "401" \
    cli --raw call auth resume token="$(printf '%064d' 7)"

# The listings show no token: every client, one client, the event history
cli_op --raw clients > "$TEST_TMP/listing-clients.txt" 2>&1 || fail "clients: $(cat "$TEST_TMP/listing-clients.txt")"
A_ID=$(grep -o '"client"=>"[0-9a-f]*", [^}]*"username"=>"ann"' "$TEST_TMP/listing-clients.txt" | head -1 | cut -d'"' -f4)
[ -n "$A_ID" ] && pass "the clients listing shows ann's client" || fail "ann not listed: $(head -c 600 "$TEST_TMP/listing-clients.txt")"
cli_op --raw call broker client client="$A_ID" > "$TEST_TMP/listing-client.txt" 2>&1 \
    && grep -q '"status"=>200' "$TEST_TMP/listing-client.txt" && pass "the client listing shows ann's client" \
    || fail "client $A_ID: $(cat "$TEST_TMP/listing-client.txt")"

# C and D are frozen: their sessions stay in the store, their connections
# go with the broker run
kill -STOP "$C_PID" "$D_PID"
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker2 "$VC_BIN/vc-broker" --log-level=debug --operator-key-file="$OPERATOR_KEY"
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
# D's connection went with the old run: a new connection presenting D's
# token resumes the session, and only that reply carries the new token
cli --raw call auth resume token="$TOKEN_D" > "$TEST_TMP/resume-D.txt" 2>&1
ROTATED=$(grep -o '"token"=>"[0-9a-f]*"' "$TEST_TMP/resume-D.txt" | head -1 | cut -d'"' -f4)
[ ${#ROTATED} -eq 64 ] && [ "$ROTATED" != "$TOKEN_D" ] && grep -q '"username"=>"dan"' "$TEST_TMP/resume-D.txt" \
    && pass "a session of the old run resumed by a new connection, with a new token" \
    || fail "resume of D's session: $(cat "$TEST_TMP/resume-D.txt")"
check "D's old token opens nothing after the rotation (401)" 1 "401" \
    cli --raw call auth resume token="$TOKEN_D"

# Nobody resumed cyd: its session ends with the grace period
kill -9 "$C_PID"
exec 9>&-
wait_for 15 grep -q "session of cyd on client .* ended: broker restarted" "$TEST_TMP/auth1.log" \
    && pass "a session not resumed within the grace period ends" || fail "cyd was not swept"
check "cyd's account is free again" 0 "signed in" cli signin cyd "$PW"

# The tokens are secrets: in no log (debug level), no event, no listing,
# no shell output but the sign-in reply that handed each out
cli_op --raw clients >> "$TEST_TMP/listing-clients.txt" 2>&1
cli --raw call broker history key="$(cat "$OPERATOR_KEY")" > "$TEST_TMP/listing-history.txt" 2>&1 \
    && grep -q "auth.login" "$TEST_TMP/listing-history.txt" && pass "the broker's event history lists the sign-ins" \
    || fail "history: $(head -c 400 "$TEST_TMP/listing-history.txt")"
lines=$(cat "$TEST_TMP"/*.log | wc -l)
grep -q "debug" "$TEST_TMP/broker2.log" "$TEST_TMP/auth1.log" || fail "the programs did not log at debug level"
for name in TOKEN TOKEN_D ROTATED; do
    secret=${!name}
    [ -n "$secret" ] || { fail "$name is empty"; continue; }
    where=$(grep -lF -- "$secret" "$TEST_TMP"/*.log "$TEST_TMP"/listing-*.txt 2>/dev/null)
    [ -z "$where" ] && pass "$name in none of $lines log and event lines nor the listings" \
                    || fail "$name shows in: $where"
    shown=$(cat "$TEST_TMP"/[ABCD].out | grep -F -- "$secret" | grep -vc '"message"=>"signed in"')
    [ "$shown" -eq 0 ] && pass "$name in no shell output but its sign-in reply" \
                       || fail "$name shows $shown times in shell output beyond its sign-in reply"
done
# A resume that finds no auth instance (501/503) is tried again before the
# next request: B stays signed in once auth is back. (Last: the event
# history above is the second broker run's.)
AUTH1_PID=$AUTH_PID
[ -n "$AUTH1_PID" ] || fail "no auth instance to stop"
kill -STOP "$AUTH1_PID"
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker3 "$VC_BIN/vc-broker" --log-level=debug --operator-key-file="$OPERATOR_KEY"
BROKER_PID=$LAST_PID
wait_for 10 cli --timeout=1000 ping broker || fail "the third broker run does not answer"
ben_before=$(grep -cE '"username"=>"ben"' "$TEST_TMP/B.out")
echo "call auth whoami" >&8
expect_count 10 B "unavailable|no instance|503" 1 && pass "with no auth instance B's request is refused" \
    || fail "B's request without auth: $(tail -3 "$TEST_TMP/B.out")"
kill -CONT "$AUTH1_PID"
wait_for 15 cli --timeout=1000 ping auth || fail "auth did not join the third broker run"
echo "call auth whoami" >&8
expect_count 10 B '"username"=>"ben"' $((ben_before + 1)) \
    && pass "B's session resumed once auth was back (the resume was tried again)" \
    || fail "B lost its session when its resume found no auth: $(tail -8 "$TEST_TMP/B.out")"

kill -9 "$D_PID" 2>/dev/null
exec 6>&- 7>&- 8>&-
finish
