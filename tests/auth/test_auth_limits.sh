# test_auth_limits - failed sign-ins slow the guesser, not the owner: the
# broker passes each request's source address, and the auth service makes
# a (username, source address) wait after 3 failures, 1 s then doubled;
# the owner, from another address, signs in meanwhile (before, 5 failures
# locked the username for everyone: 429 even with the right password). One
# address that sprays failures over many usernames is refused after
# --source-failures, while other addresses are served. Two instances share
# the counts through the store. The three addresses are a network
# namespace each, linked to this one by a veth pair (names unique to the run).
source "$VC_SOURCE/tests/auth/auth_lib.sh"

command -v ip > /dev/null || skip_all "the ip command is missing (Debian package iproute2)"
ID=$$
NET=10.$(( 200 + ID % 50 )).$(( (ID / 50) % 256 ))
NAMESPACES=()
# add_ns N: namespace vcal$N-$ID at $NET.(4N+2), this side $NET.(4N+1)
add_ns () {
    local n=$1 ns=vcal$1-$ID
    ip netns add "$ns" || return 1
    NAMESPACES+=("$ns")
    ip link add "vca$n$ID" type veth peer name "vcb$n$ID" || return 1
    ip link set "vcb$n$ID" netns "$ns" || return 1
    ip addr add "$NET.$(( 4 * n + 1 ))/30" dev "vca$n$ID" && ip link set "vca$n$ID" up || return 1
    ip -n "$ns" addr add "$NET.$(( 4 * n + 2 ))/30" dev "vcb$n$ID" || return 1
    ip -n "$ns" link set "vcb$n$ID" up && ip -n "$ns" link set lo up || return 1
    ip -n "$ns" route add default via "$NET.$(( 4 * n + 1 ))"
}
remove_namespaces () { local ns; for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done; }
TEST_CLEANUPS+=(remove_namespaces)
add_ns 0 2> "$TEST_TMP/netns.err" && add_ns 1 2>> "$TEST_TMP/netns.err" \
    || skip_all "cannot make network namespaces here: $(cat "$TEST_TMP/netns.err")"
GUESSER=$NET.2
SPRAYER=$NET.6
guesser () { ip netns exec "vcal0-$ID" "$VC_BIN/vc-cli" "$@"; }
sprayer () { ip netns exec "vcal1-$ID" "$VC_BIN/vc-cli" "$@"; }

# The broker's client endpoint on this side of the first link: the owner
# (this namespace) connects from $NET.1, the others from their own address
FRONTEND=tcp://$NET.1:$FRONTEND_PORT
export VC_FRONTEND=$FRONTEND VC_SERVER=$FRONTEND
spawn broker "$VC_BIN/vc-broker" --log-level=debug
BROKER_PID=$LAST_PID
wait_for 10 cli --timeout=500 ping || fail "the broker did not start on $FRONTEND"
wait_for 10 guesser --timeout=500 ping && wait_for 10 sprayer --timeout=500 ping \
    || fail "the namespaces do not reach the broker"
spawn watch "$VC_BIN/vc-cli" watch auth.
sleep 0.5
LIMITS=(--free-failures=3 --max-delay=60 --source-failures=20 --failure-window=60 --cooldown=30)
start_auth auth1 "${LIMITS[@]}"
start_auth auth2 "${LIMITS[@]}"
PW=password-123
for user in grace heidi; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

# Six wrong guesses at grace from one address, each as soon as allowed
for i in 1 2 3; do
    check "guess $i is only wrong" 1 "wrong username or password" guesser signin grace "bad-$i"
done
check "guess 4 is wrong too" 1 "wrong username or password" guesser signin grace bad-4
check "then the guesser waits 1 s" 1 "too many failed attempts, wait 1 s \(429" \
      guesser --raw signin grace bad-5
sleep 1.1
check "guess 5 after the wait" 1 "wrong username or password" guesser signin grace bad-5
check "then 2 s" 1 "too many failed attempts, wait [12] s" guesser --raw signin grace bad-6
sleep 2.1
check "guess 6 after the wait" 1 "wrong username or password" guesser signin grace bad-6
check "then 4 s, even with the right password" 1 "too many failed attempts, wait [34] s" \
      guesser --raw signin grace "$PW"
grep -q "sign-in as grace failed: wrong password" "$TEST_TMP/auth1.log" \
    && grep -q "sign-in as grace failed: wrong password" "$TEST_TMP/auth2.log" \
    && echo "# both instances counted guesses" || echo "# one instance took every guess"
grep -q "($GUESSER): sign-in as grace failed" "$TEST_TMP"/auth?.log \
    && pass "the service sees the guesser's address $GUESSER" || fail "no source address in the auth log"
check "the owner signs in from another address meanwhile" 0 "signed in" cli signin grace "$PW"
wait_for 5 grep -q "auth.login_failed .*user=grace.*too many failed attempts" "$TEST_TMP/watch.log" \
    && pass "refused attempts are published" || fail "no event for the refused attempt"
check "the guesser's address is served for other accounts" 0 "signed in" guesser signin heidi "$PW"
# A success clears the pair's count (docs/auth.md): 2 failures, a success,
# then 3 more failures are all checked (uncleared, the 5th would wait)
for i in 1 2; do check "heidi: guess $i" 1 "wrong username or password" guesser signin heidi "bad-$i"; done
check "heidi: the right password" 0 "signed in" guesser signin heidi "$PW"
for i in 3 4 5; do
    check "after a success the count starts again: guess $i is only wrong" 1 "wrong username or password" \
          guesser signin heidi "bad-$i"
done

# A spray: one wrong password over 50 usernames from one address
spray_start=$(now_ms)
for i in $(seq -w 1 50); do
    sprayer --raw signin "user$i" wrong-password >> "$TEST_TMP/spray.out" 2>&1
    [ "$i" = 25 ] && cli signin heidi "$PW" >> "$TEST_TMP/owner.out" 2>&1
done
spray_ms=$(( $(now_ms) - spray_start ))
wrong=$(grep -c "wrong username or password" "$TEST_TMP/spray.out")
refused=$(grep -c "too many failed sign-ins from this address, wait [0-9]* s (429" "$TEST_TMP/spray.out")
[ "$wrong" -eq 20 ] && [ "$refused" -eq 30 ] \
    && pass "the spray: 20 passwords checked, 30 refused 429 without a check" \
    || fail "the spray: $wrong checked, $refused refused: $(sort "$TEST_TMP/spray.out" | uniq -c | head -5)"
grep -q "signed in" "$TEST_TMP/owner.out" && pass "another address signs in during the spray" \
    || fail "another address was refused: $(cat "$TEST_TMP/owner.out")"
check "the sprayer's address is refused even for a right password" 1 "from this address" \
      sprayer signin grace "$PW"
echo "# figure: 6 guesses at one account from one address, then the owner from another: signed in; waits after guesses 4, 5, 6: 1, 2, 4 s"
echo "# figure: spray of 50 usernames from one address: $wrong checked, $refused refused (429) in $spray_ms ms; another address served"
finish
