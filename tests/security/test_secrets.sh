# test_secrets - what docs/security.md and docs/auth.md promise about
# secrets: no password, password hash, session token or token hash ever
# appears in an event (all topics) or in any program's log, even at debug
# level; an old password hash is upgraded at the next sign-in; shutdown is
# refused (403, logged) without the right operator key, and disabled when
# the broker has none.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"
PW=Secret-pass-word-77
KEY=$TEST_TMP/operator.key
head -c 32 /dev/urandom | base64 | tr -d '/+=' > "$KEY"
head -c 32 /dev/urandom | base64 | tr -d '/+=' > "$TEST_TMP/wrong.key"

start_broker --operator-key-file="$KEY"
spawn watch "$VC_BIN/vc-cli" watch
WATCH_PID=$LAST_PID
wait_for 5 grep -q "watching events" "$TEST_TMP/watch.log" || fail "watch did not start"
# Old hashes: the account is made with cheap limits...
start_service auth-old auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --log-level=debug \
              --pwhash-ops=1 --pwhash-mem=8
check "sign up" 0 "account created" cli signup secretive "$PW"
old_hash=$(sqlite3 "$TEST_TMP/auth.db" "SELECT hash FROM accounts WHERE username = 'secretive'")
grep -q 'm=8192,t=1' <<< "$old_hash" && pass "the account has a hash with the old limits" \
                                     || fail "unexpected first hash: $old_hash"
kill "$LAST_SERVICE_PID"; wait "$LAST_SERVICE_PID" 2>/dev/null
# ...and signs in after the service runs with the default ones.
start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --log-level=debug
# The sign-in from a shell that stays connected: its session stays in the
# store (a one-shot client's ends, and its row goes, as the client exits)
open_shell session 7 --raw
echo "signin secretive $PW" >&7
wait_for 10 grep -q '"token"=>' "$TEST_TMP/session.out"
token=$(sed -n 's/.*"token"=>"\([0-9a-f]*\)".*/\1/p' "$TEST_TMP/session.out" | head -n 1)
[ "${#token}" -ge 32 ] && pass "sign-in hands the client a token" || fail "no token in: $(cat "$TEST_TMP/session.out")"
new_hash=$(sqlite3 "$TEST_TMP/auth.db" "SELECT hash FROM accounts WHERE username = 'secretive'")
grep -q 'm=32768,t=2' <<< "$new_hash" && [ "$new_hash" != "$old_hash" ] \
    && pass "the old hash was upgraded at the sign-in" || fail "hash not upgraded: $new_hash"
grep -q "password hash of secretive upgraded" "$TEST_TMP/auth.log" \
    && pass "the upgrade is logged" || fail "no log line for the upgrade"
token_hash=$(sqlite3 "$TEST_TMP/auth.db" "SELECT token_hash FROM sessions WHERE username = 'secretive'")
[ "${#token_hash}" -ge 32 ] && [ "$token_hash" = "$(printf '%s' "$token" | b2sum -l 256 | cut -d ' ' -f 1)" ] \
    && pass "the store keeps the session's token as its BLAKE2b hash only" \
    || fail "the store's token hash '$token_hash' is not the token's BLAKE2b hash"
exec 7>&-
wait "$SHELL_PID" 2>/dev/null
check "a wrong password is refused" 1 "wrong username or password" cli signin secretive "not-$PW"
check "sign out" 0 "signed out" cli --user secretive --password "$PW" signout

# Shutdown: no key file, a wrong key -> refused and logged; the broker lives on
check "shutdown without a key file is refused by the CLI" 2 "operator-key-file" cli shutdown
check "shutdown with a wrong key is 403" 1 "wrong operator key" \
      cli --operator-key-file="$TEST_TMP/wrong.key" shutdown
wait_for 5 grep -q "shutdown refused (wrong operator key)" "$TEST_TMP/broker.log" \
    && pass "the refusal is logged" || fail "refusal not in the broker log"
check "the broker serves on" 0 "pong" cli ping

# No secret in any event or log line
sleep 0.5
secrets=("$PW" "$old_hash" "$new_hash" "$token" "$token_hash")
leaks=""
for secret in "${secrets[@]}"; do
    [ -n "$secret" ] || { fail "a secret to look for is empty"; continue; }
    grep -rqF -- "$secret" "$TEST_TMP"/*.log && leaks="$leaks ${secret:0:12}..."
done
lines=$(cat "$TEST_TMP"/*.log | wc -l)
events=$(grep -cE "auth\.(register|login|login_failed|logout)" "$TEST_TMP/watch.log")
[ "$events" -ge 4 ] && pass "the auth events were seen ($events)" || fail "only $events auth events seen"
[ -z "$leaks" ] && pass "no password, hash or token in $lines lines of events and logs" \
                || fail "secrets found in events or logs:$leaks"

# A broker without an operator key: shutdown is disabled, with a 403
kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null
start_broker
check "a broker without an operator key refuses shutdown" 1 "shutdown is disabled" \
      cli --operator-key-file="$KEY" shutdown
check "and serves on" 0 "pong" cli ping
# With the right key the broker stops
kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null
start_broker --operator-key-file="$KEY"
check "shutdown with the right key" 0 "system is shutting down" cli --operator-key-file="$KEY" shutdown
wait_for 10 bash -c "! kill -0 $BROKER_PID" && pass "the broker stopped" || fail "broker still running"
finish
