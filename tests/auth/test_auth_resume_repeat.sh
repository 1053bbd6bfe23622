# test_auth_resume_repeat - a resume is idempotent by request id: a raw
# client resumes its session, takes the answer as lost and sends the same
# resume again (same id, same old token): it gets the same new token and
# the session stays valid, also when the repeat reaches another auth
# instance (the first one stopped); the old token under another id is
# still 401. Then the client library: a resume that auth carries out while
# the store is locked, answered 504 by the broker before it is done, is
# asked again with the same id and the shell keeps its session.
source "$VC_SOURCE/tests/auth/auth_lib.sh"

REPEAT="$VC_BIN/vc-auth-repeat"
PW=password-123
WANT="first=200 repeat=200 same_token=1 whoami=200 other_id=401 whoami_after=200"
start_auth_broker
start_auth auth1
AUTH1_PID=$AUTH_PID
for user in ann ben cyd; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

check "a resume sent again with its id gets the same token; another id gets 401" 0 "$WANT" \
      "$REPEAT" --mode=resume --id=5eed00000000a001 --username=ann --password="$PW"
grep -q "repeated resume request answered as the first time (session of ann)" "$TEST_TMP/auth1.log" \
    && pass "the repeat is logged" || fail "no repeated resume in the log"

# The repeat reaches another instance: the first one is stopped in between
GO=$TEST_TMP/go-ben
"$REPEAT" --mode=resume --id=5eed00000000b002 --username=ben --password="$PW" --go-file="$GO" \
    --timeout=6000 > "$TEST_TMP/ben.out" 2>&1 &
BEN_PID=$!
TEST_PIDS+=("$BEN_PID")
wait_for 20 grep -q "^first=" "$TEST_TMP/ben.out" || fail "ben's first resume: $(cat "$TEST_TMP/ben.out")"
start_auth auth2
kill "$AUTH1_PID"
wait_for 10 bash -c "! kill -0 $AUTH1_PID" || fail "auth1 did not stop"
touch "$GO"
wait "$BEN_PID"; echo "# ben: exit $?"
grep -q "$WANT" "$TEST_TMP/ben.out" && pass "another instance answers the repeat with the same token" \
    || fail "repeat on another instance: $(cat "$TEST_TMP/ben.out")"
grep -q "repeated resume request answered as the first time (session of ben)" "$TEST_TMP/auth2.log" \
    && pass "the second instance answered the repeat" || fail "no repeated resume in auth2's log"

# lock_store FLAG RELEASE: hold the store's write lock (SQLite) or an
# exclusive lock on the session table (PostgreSQL); FLAG is made once it
# is held; it is let go when RELEASE exists, after 3.5 s at most (under
# auth's 4 s statement timeout on PostgreSQL, 5 s busy wait on SQLite).
lock_store () {
    local flag=$1 release=$2
    local hold="touch $flag; for i in \$(seq 70); do [ -e $release ] && break; sleep 0.05; done"
    case $AUTH_DB in
        postgresql://*)
            psql -X -q -v ON_ERROR_STOP=1 -d "$AUTH_DB" > /dev/null <<EOF
BEGIN;
LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE;
\! $hold
COMMIT;
EOF
            ;;
        *) python3 -c 'import sqlite3, subprocess, sys
db = sqlite3.connect (sys.argv [1], isolation_level=None)
db.execute ("BEGIN IMMEDIATE")
subprocess.run (["bash", "-c", sys.argv [2]])
db.execute ("COMMIT")' "$AUTH_DB" "$hold" ;;
    esac
}

# The client library: cyd's shell finds a new broker run whose request
# timeout (400 ms) is shorter than the resume takes with the store locked
open_shell C 7
C_PID=$SHELL_PID
echo "signin cyd $PW" >&7
expect_count 10 C "^signed in" 1 || fail "C did not sign in: $(cat "$TEST_TMP/C.out")"
kill -STOP "$C_PID"
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker2 "$VC_BIN/vc-broker" --log-level=debug --request-timeout=400
BROKER_PID=$LAST_PID
wait_for 15 cli --timeout=1000 ping auth || fail "auth did not join the new broker run"
lock_store "$TEST_TMP/locked" "$TEST_TMP/release" &
LOCK_PID=$!
TEST_PIDS+=("$LOCK_PID")
wait_for 10 test -e "$TEST_TMP/locked" || fail "the store was not locked"
# The shell joins the new run and resumes first (answered 504 after 400 ms,
# auth waiting for the lock), then sends whoami: once that is answered the
# lock goes and auth carries the resume out, too late for its answer
kill -CONT "$C_PID"
echo "call auth whoami" >&7
expect_count 10 C 'not signed in|"username"' 1 || fail "C's whoami got no answer: $(cat "$TEST_TMP/C.out")"
touch "$TEST_TMP/release"
wait "$LOCK_PID"
wait_for 15 grep -q "resumed the session of cyd" "$TEST_TMP/auth2.log" \
    && pass "auth resumed cyd's session once the store was free" || fail "cyd's session not resumed"
grep -q "late or unknown reply from .* dropped" "$TEST_TMP/broker2.log" \
    && pass "auth answered after the broker's 400 ms (504 to the shell)" \
    || fail "no late answer from auth: $(tail -5 "$TEST_TMP/broker2.log")"
cyd_before=$(grep -cE '"username"=>"cyd"' "$TEST_TMP/C.out")
echo "call auth whoami" >&7
expect_count 10 C '"username"=>"cyd"' $((cyd_before + 1)) \
    && pass "C keeps its session: the resume asked again got the first answer" \
    || fail "C lost its session: $(tail -5 "$TEST_TMP/C.out")"
grep -q "repeated resume request answered as the first time (session of cyd)" "$TEST_TMP/auth2.log" \
    && pass "the library sent the resume again with its id" || fail "no repeated resume of cyd in the log"

kill -9 "$C_PID" 2>/dev/null
exec 7>&-
finish
