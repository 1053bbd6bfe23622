# test_auth_limits - repeated failed sign-ins are refused for a cooldown,
# per username and per client, shared by two instances through the store;
# other accounts are unaffected; the right password works again after the
# cooldown.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

# A cooldown long enough for the checks made during it on a busy machine;
# the waits for its end are measured from when it began.
COOLDOWN=8
LIMITS=(--max-failures=3 --failure-window=60 --cooldown=$COOLDOWN)
# sleep_past MS: sleep until the cooldown that began at MS (ms) has ended.
sleep_past () {
    local left=$(( $1 + COOLDOWN * 1000 + 300 - $(now_ms) ))
    [ "$left" -gt 0 ] && sleep "$(( left / 1000 )).$(printf '%03d' $(( left % 1000 )))"
    return 0
}
start_auth_broker
spawn watch "$VC_BIN/vc-cli" watch auth.
sleep 0.5
start_auth auth1 "${LIMITS[@]}"
start_auth auth2 "${LIMITS[@]}"
PW=password-123
for user in grace heidi ivan; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

# Per username: each attempt from a new client, spread over both instances
for i in 1 2 3; do
    check "wrong password $i" 1 "wrong username or password" cli signin grace "bad-password-$i"
done
grace_blocked=$(now_ms)
check "fourth attempt is refused, even with the right password" 1 \
      "too many failed attempts, wait [1-$COOLDOWN] s \(429 busy\)" cli --raw signin grace "$PW"
check "the cooldown holds for every client and instance" 1 "too many failed attempts" \
      cli signin GRACE "$PW"
check "another account is unaffected" 0 "signed in" cli signin heidi "$PW"
wait_for 5 grep -q "auth.login_failed .*user=grace.*too many failed attempts" "$TEST_TMP/watch.log" \
    && pass "rate-limited attempts are published" || fail "no event for the rate-limited attempt"
sleep_past "$grace_blocked"
check "right password works after the cooldown" 0 "signed in" cli signin grace "$PW"

# Unknown usernames count too (no enumeration through the limit)
for i in 1 2 3; do cli signin no-such-user "bad-password-$i" > /dev/null 2>&1; done
check "unknown username is limited like a known one" 1 "too many failed attempts" \
      cli signin no-such-user "bad-password-4"

# A successful sign-in clears the username's failure count: two failures,
# a success, two failures again, and the last is still an ordinary refusal
# (without the reset it would be the fourth failure: too many)
cli signup judy "$PW" > /dev/null || fail "sign up judy"
for i in 1 2; do cli signin judy "bad-password-$i" > /dev/null 2>&1; done
check "judy signs in after two failures" 0 "signed in" cli signin judy "$PW"
check "a failure after the success" 1 "wrong username or password" cli signin judy "bad-password-3"
check "a second failure after the success is not 'too many'" 1 "wrong username or password" \
      cli signin judy "bad-password-4"

# Per client: one client trying many usernames
open_shell S 7
for user in u1-nobody u2-nobody u3-nobody; do send S 7 signin "$user" wrong-password; done
send S 7 signin ivan "$PW"
expect_count 1 S "too many failed attempts" 1 && pass "one client failing on many usernames is limited" \
    || fail "no per-client limit: $(cat "$TEST_TMP/S.out")"
client_blocked=$(now_ms)
[ "$(count S "wrong username or password")" -eq 3 ] && pass "three failures before the limit" \
    || fail "failures before the limit: $(count S "wrong username or password")"
check "the account itself is not blocked for other clients" 0 "signed in" cli signin ivan "$PW"
sleep_past "$client_blocked"
send S 7 signin ivan "$PW"
expect_count 1 S "^signed in" 1 && pass "the client may sign in after its cooldown" \
    || fail "client still blocked: $(tail -2 "$TEST_TMP/S.out")"
exec 7>&-
finish
