# test_session_squat - a session belongs to the connection it was made on:
# the victim's token sent from another connection while the victim is
# connected is not signed in (docs/security.md: a token is useless from any
# other connection) while the same token on the victim's own connection is;
# after a victim's link drops (no BYE), an attacker that connects with the
# victim's routing id and presents its token is not signed in, and the
# victim can sign in again at once (the session ended with its connection,
# not 3 s later, and no squatter keeps it "in use").
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/auth/auth_lib.sh"
mkdir -p "$TEST_TMP/var"

start_auth_broker --services=auth
start_auth auth1

out=$("$VC_BIN/vc-hostile" squat "$FRONTEND" victim1 "correct horse battery")
echo "# $out"
grep -q "^owner=200 " <<< "$out" \
    && pass "the victim's token is good on its own connection" \
    || fail "the victim is not signed in on its own connection: $out"
grep -q " stolen=401 " <<< "$out" \
    && pass "the victim's token from another connection is not signed in" \
    || fail "a token was good from another connection: $out"
grep -q " whoami=401 " <<< "$out" \
    && pass "the victim's routing id and token on a new connection are not signed in" \
    || fail "session taken over: $out"
grep -q " signin_again=200$" <<< "$out" \
    && pass "the victim signs in again at once" \
    || fail "the victim's account stays in use: $out"
wait_for 5 grep -q "victim1.*connection closed\|connection closed" "$TEST_TMP/broker.log" \
    && pass "the broker ended the session when the connection closed" \
    || fail "no 'connection closed' in the broker log"
finish
