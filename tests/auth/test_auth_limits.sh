# test_auth_limits - failed sign-ins slow the guesser, not the owner: the
# broker passes each request's source address, and the auth service makes
# a (username, source address) wait after 3 failures, 1 s then doubled;
# the owner, from another address, signs in meanwhile (before, 5 failures
# locked the username for everyone: 429 even with the right password). One
# address that sprays failures over many usernames is refused after
# --source-failures, while other addresses are served. Two instances share
# the counts through the store. The three addresses are a network
# namespace each, linked to this one by a veth pair (names unique to the run).
#
# Time: a guess that must be refused is typed into the guesser's shell on
# the same line as the failure before it, so it reaches the service within
# milliseconds of that failure, however busy the machine (a new vc-cli per
# guess took a process start and a handshake, which may outlast the 1 s
# wait). The waits awaited are counted from the refusal's reply, which
# comes after the failure that began them.
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
# (failures counted and refused for 300 s, longer than the test: the spray's
# 20 checks and 30 refusals do not depend on how fast this machine is; the
# guesser's shell is one connection: its own limit, --max-failures, is
# left out of the way)
LIMITS=(--free-failures=3 --max-delay=60 --source-failures=20 --failure-window=300 --cooldown=300
        --max-failures=50)
start_auth auth1 "${LIMITS[@]}"
start_auth auth2 "${LIMITS[@]}"
PW=password-123
for user in grace heidi; do cli signup "$user" "$PW" > /dev/null || fail "sign up $user"; done

# Six wrong guesses at grace from one address, each as soon as allowed, in
# a shell of the guesser's (one line of output per sign-in)
mkfifo "$TEST_TMP/G.in"
ip netns exec "vcal0-$ID" "$VC_BIN/vc-cli" --raw shell < "$TEST_TMP/G.in" > "$TEST_TMP/G.out" 2>&1 &
TEST_PIDS+=("$!")
exec 7> "$TEST_TMP/G.in"
# guess N LINE...: type the lines at once; wait for N more answers and
# print them, one a line
guess () {
    local n=$1; shift
    local before
    before=$(grep -cE "signed in|wrong username|too many" "$TEST_TMP/G.out")
    printf '%s\n' "$@" >&7
    wait_for 60 bash -c "[ \$(grep -cE 'signed in|wrong username|too many' '$TEST_TMP/G.out') -ge $(( before + n )) ]" \
        || echo "no answer"
    grep -E "signed in|wrong username|too many" "$TEST_TMP/G.out" | tail -n +$(( before + 1 ))
}
expect_line () {    # expect_line NAME PATTERN TEXT
    grep -qE -- "$2" <<< "$3" && pass "$1" || fail "$1: $3"
}
out=$(guess 3 "signin grace bad-1" "signin grace bad-2" "signin grace bad-3")
[ "$(grep -c "wrong username or password" <<< "$out")" -eq 3 ] && pass "guesses 1 to 3 are only wrong" \
                                                            || fail "guesses 1 to 3: $out"
out=$(guess 2 "signin grace bad-4" "signin grace bad-5")
expect_line "guess 4 is wrong too" "wrong username or password" "$(sed -n 1p <<< "$out")"
expect_line "then the guesser waits 1 s" "too many failed attempts, wait 1 s \(429" "$(sed -n 2p <<< "$out")"
sleep 1.1
out=$(guess 2 "signin grace bad-5" "signin grace bad-6")
expect_line "guess 5 after the wait" "wrong username or password" "$(sed -n 1p <<< "$out")"
expect_line "then 2 s" "too many failed attempts, wait [12] s" "$(sed -n 2p <<< "$out")"
sleep 2.1
out=$(guess 2 "signin grace bad-6" "signin grace $PW")
expect_line "guess 6 after the wait" "wrong username or password" "$(sed -n 1p <<< "$out")"
expect_line "then 4 s, even with the right password" "too many failed attempts, wait [34] s" "$(sed -n 2p <<< "$out")"
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
