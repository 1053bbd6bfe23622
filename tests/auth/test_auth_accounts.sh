# test_auth_accounts - sign up and sign in with real broker and auth-svc
# processes: accounts, duplicate names (any case), one answer for unknown
# user and wrong password, field validation, events, no clear passwords,
# accounts surviving kill -9.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

check "--help lists the options" 0 "--pwhash-mem" "$VC_BIN/vc-auth-svc" --help
check "stray arguments are refused" 2 "invalid option" "$VC_BIN/vc-auth-svc" --db="$AUTH_DB" extra

start_auth_broker
spawn watch "$VC_BIN/vc-cli" watch auth.
# (its subscription is made once it says so; the short wait after lets it
# reach the broker)
wait_for 20 grep -q "watching events" "$TEST_TMP/watch.log" || fail "the watch did not start"
sleep 0.5
start_auth auth1
if [ "$VC_TEST_DB" = sqlite ]; then
    [ -f "$AUTH_DB" ] && pass "store and its folder are created" || fail "no store at $AUTH_DB"
fi

PW='s3cret-Passw0rd'
check "sign up" 0 "^account created" cli signup alice "$PW"
check "same name again is taken" 1 "username already taken \(409 conflict\)" cli --raw signup alice "$PW"
check "same name in other case is taken" 1 "username already taken" cli signup ALICE other-password
check "sign in" 0 "^signed in" cli signin alice "$PW"
check "sign in with other case" 0 "^signed in" cli signin Alice "$PW"
wrong=$(cli --raw signin alice wrong-password 2>&1); rc1=$?
unknown=$(cli --raw signin nobody-here wrong-password 2>&1); rc2=$?
if [ "$rc1" -eq 1 ] && [ "$rc2" -eq 1 ] && [ "$wrong" = "$unknown" ] \
   && grep -q "wrong username or password (401 unauthorised)" <<< "$wrong"; then
    pass "wrong password and unknown user get the same answer"
else
    fail "answers differ: '$wrong' ($rc1) vs '$unknown' ($rc2)"
fi
check "whoami after sign-in" 0 '"username"=>"alice"' cli --user alice --password "$PW" call auth whoami
check "whoami without a session" 1 "not signed in \(401 unauthorised\)" cli --raw call auth whoami
check "sign out without a session" 1 "not signed in \(401 unauthorised\)" cli --raw signout
check "unknown operation" 1 "unknown operation 'frobnicate'" cli call auth frobnicate

# Validation
check "username of the wrong type" 1 "field 'username' must be a string \(400 bad request\)" \
      cli --raw call auth signup username:=5 password=password123
check "missing password" 1 "missing field 'password' \(400 bad request\)" cli --raw call auth signup username=bob
check "missing username on sign-in" 1 "missing field 'username'" cli call auth signin password=password123
check "non-UTF-8 username" 1 "not valid UTF-8 text \(400 bad request\)" \
      cli --raw call auth signup "username=$(printf '\xff\xfe')" password=password123
check "non-UTF-8 password" 1 "not valid UTF-8 text \(400 bad request\)" \
      cli --raw call auth signup username=bob "password=$(printf 'abc\xc3\x28defgh')"
check "empty username" 1 "username must be 3 to 32 characters long \(400 bad request\)" cli --raw signup "" password123
check "empty password" 1 "password must be 8 to 128 bytes long \(400 bad request\)" cli --raw signup bob ""
check "a password of spaces only, sent past the CLI's own check" 1 \
      "password must not be only spaces \(400 bad request\)" \
      cli --raw call auth signup username=bob "password=        "
check "two-character username" 1 "3 to 32" cli signup ab password123
check "33-character username" 1 "3 to 32" cli signup "$(printf 'u%.0s' $(seq 33))" password123
check "32-character username" 0 "account created" cli signup "$(printf 'u%.0s' $(seq 32))" password123
check "very long username" 1 "400 bad request" cli --raw signup "$(printf 'x%.0s' $(seq 5000))" password123
check "seven-byte password" 1 "8 to 128 bytes" cli signup bob 1234567
check "129-byte password" 1 "8 to 128 bytes" cli signup bob "$(printf 'p%.0s' $(seq 129))"
check "128-byte password" 0 "account created" cli signup bob128 "$(printf 'p%.0s' $(seq 128))"
check "control character in password" 1 "control characters" cli signup bob "$(printf 'pass\tword1')"
check "space in username" 1 "ASCII letters, digits" cli signup "bob smith" password123
check "Vietnamese letters in username" 1 "ASCII letters, digits" cli signup "Nguyễn" password123
check "username starting with a dot" 1 "begin with a letter or a digit" cli signup .bob password123
check "Unicode password" 0 "account created" cli signup nguyen.van-a_1 "mật khẩu của tôi"
check "Unicode password signs in" 0 "signed in" cli signin nguyen.van-a_1 "mật khẩu của tôi"
check "empty fields on sign-in" 1 "400 bad request" cli --raw signin "" ""
check "over-long password on sign-in" 1 "400 bad request" cli --raw signin alice "$(printf 'p%.0s' $(seq 129))"

# Events: who registered and signed in; never a password
wait_for 5 grep -q "auth.login_failed.*user=nobody-here.*unknown username" "$TEST_TMP/watch.log" \
    && pass "failed sign-in event names the reason" || fail "no auth.login_failed event"
grep -q "auth.register .*user=alice .*account created" "$TEST_TMP/watch.log" \
    && pass "register event has the username" || fail "no auth.register event"
grep -qE "auth.login +client=[0-9a-f]+ user=alice" "$TEST_TMP/watch.log" \
    && pass "login event has client and username" || fail "no auth.login event"
grep -q "auth.logout .*user=alice.*client exited" "$TEST_TMP/watch.log" \
    && pass "leaving client logs out" || fail "no auth.logout on exit"

# No clear password anywhere the service writes
# (grep: 0 found, 1 not found, 2 a file missing or unreadable: no proof)
# (the store: its folder, or a data dump of the PostgreSQL database)
STORE_COPY=$TEST_TMP/var
case $AUTH_DB in
    postgresql://*) STORE_COPY=$TEST_TMP/store.dump
                    pg_dump --data-only -d "$AUTH_DB" > "$STORE_COPY" || rm -f "$STORE_COPY" ;;
esac
grep -rqa -- "$PW" "$STORE_COPY" "$TEST_TMP"/auth1.log "$TEST_TMP"/watch.log "$TEST_TMP"/broker.log
case $? in
    0) fail "a password is stored or logged in clear" ;;
    1) pass "passwords are neither stored nor logged in clear" ;;
    *) fail "the store or a log could not be read to look for the password" ;;
esac
db_sql "$AUTH_DB" "SELECT hash FROM accounts WHERE username = 'alice'" | grep -q '^\$argon2id\$' \
    && pass "stored hash is Argon2id" || fail "stored hash is not Argon2id"

# Accounts survive kill -9 of the service
kill -9 "$AUTH_PID"
wait_for 8 bash -c "\"$VC_BIN/vc-cli\" ping auth 2>&1 | grep -q unavailable" || fail "dead auth still served"
start_auth auth2
check "account survives kill -9" 0 "signed in" cli signin alice "$PW"
check "all accounts still there" 0 "signed in" cli signin bob128 "$(printf 'p%.0s' $(seq 128))"

# SIGTERM stops the service cleanly
kill -TERM "$AUTH_PID"
wait_for 5 grep -q "interrupted: stopping" "$TEST_TMP/auth2.log" && pass "SIGTERM stops auth-svc cleanly" \
                                                                || fail "no clean stop on SIGTERM"
finish
