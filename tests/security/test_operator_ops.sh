# test_operator_ops - what the broker tells about other clients is for
# operators only: 'history' (the kept events: client ids, addresses,
# usernames, lookups) answers 403 without the operator key, and 'client'
# answers an anonymous asker only whether that client is connected (no
# address, kind or username; 403 for a wrong key), with the key every
# field. A broker that has no operator key gives history to nobody.
source "${VC_SOURCE:-$(dirname "$0")/../..}/tests/integration/lib.sh"

start_broker --services=echo --operator-key-file="$OPERATOR_KEY"
KEY=$(cat "$OPERATOR_KEY")

# A client that stays connected; its id from its own ping
open_shell victim 7
echo "call broker ping" >&7
wait_for 5 grep -q '"client"=>' "$TEST_TMP/victim.out" || fail "the shell did not answer: $(cat "$TEST_TMP/victim.out")"
ID=$(grep -o '"client"=>"[0-9a-f]*"' "$TEST_TMP/victim.out" | head -1 | cut -d'"' -f4)

check "anonymous history is refused" 1 "wrong operator key.*403" cli --raw call broker history
check "history with a wrong key is refused" 1 "wrong operator key.*403" cli --raw call broker history key=not-the-key
check "with the key, history lists the events" 0 '"topic"=>"client.connect"' cli --raw call broker history key="$KEY"
check "with the key, history still pages (limit 1)" 0 '"more"=>true' cli --raw call broker history key="$KEY" limit:=1
check "with the key, a bad limit is still 400" 1 "400" cli --raw call broker history key="$KEY" limit:=0

check "anonymous client says the client is connected" 0 "\"client\"=>\"$ID\"" cli --raw call broker client client="$ID"
out=$(cli --raw call broker client client="$ID" 2>&1)
grep -q '"address"=>""' <<< "$out" && grep -q '"kind"=>""' <<< "$out" \
    && pass "anonymous client gives no address, kind or username" || fail "anonymous client details: $out"
check "client with the key gives the details" 0 "\"address\"=>\"127.0.0.1\", \"kind\"=>\"cli\"" \
      cli --raw call broker client client="$ID" key="$KEY"
check "client with a wrong key is refused" 1 "wrong operator key.*403" \
      cli --raw call broker client client="$ID" key=not-the-key
check "an unknown client is 404 to anyone" 1 "404" cli --raw call broker client client=0123456789abcdef
exec 7>&-

# A broker without an operator key: history for nobody
kill "$BROKER_PID"; wait "$BROKER_PID" 2> /dev/null
mv "$TEST_TMP/broker.log" "$TEST_TMP/broker-first.log"
start_broker --services=echo
check "a broker without an operator key gives history to nobody" 1 "disabled.*403" \
      cli --raw call broker history key=anything
finish
