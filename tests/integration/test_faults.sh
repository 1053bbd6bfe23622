# test_faults - faults with the real services: a frozen (SIGSTOPped) signed-in
# client is reported lost and its account freed; a data instance killed
# under load leaves the other serving, and rejoins when restarted.
source "$(dirname "$0")/lib.sh"
for prog in vc-auth-svc vc-data-svc; do
    [ -x "$VC_BIN/$prog" ] || skip_all "$prog is not built"
done
PW=fault-password-1

start_broker
start_service auth "auth" "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" --pwhash-ops=1 --pwhash-mem=8
start_service data1 "data" "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db"
DATA1_PID=$LAST_SERVICE_PID
spawn data2 "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db"
wait_for 10 bash -c "\"$VC_BIN/vc-cli\" --raw services | grep -q '\"name\"=>\"data\", \"instances\"=>2'" \
    || fail "second data instance did not register"
spawn watch "$VC_BIN/vc-cli" watch
sleep 0.3
check "sign up" 0 "account created" cli signup frozen "$PW"

# A frozen client: lost after the heartbeat timeout, account freed
mkfifo "$TEST_TMP/a.in"
"$VC_BIN/vc-cli" shell < "$TEST_TMP/a.in" > "$TEST_TMP/a.out" 2>&1 &
A_PID=$!; TEST_PIDS+=("$A_PID")
exec 7> "$TEST_TMP/a.in"
echo "signin frozen $PW" >&7
echo "lookup hanoi 15-12-2021" >&7
wait_for 10 grep -q "new cases" "$TEST_TMP/a.out" && pass "signed-in client looks up" \
                                                 || fail "client A: $(cat "$TEST_TMP/a.out")"
check "account in use while A is alive" 1 "account in use" cli signin frozen "$PW"
kill -STOP "$A_PID"
start=$(now_ms)
wait_for 10 grep -q "auth.logout .*user=frozen" "$TEST_TMP/watch.log" \
    && pass "frozen client logged out after $(( $(now_ms) - start )) ms" || fail "no logout for the frozen client"
check "account of the frozen client is free" 0 "signed in" cli signin frozen "$PW"
kill -CONT "$A_PID"
echo "lookup hanoi 15-12-2021" >&7
wait_for 10 grep -q "sign in first" "$TEST_TMP/a.out" \
    && pass "thawed client must sign in again" || fail "thawed client: $(tail -2 "$TEST_TMP/a.out")"
exec 7>&-

# Kill one data instance under load: the other keeps serving
mkfifo "$TEST_TMP/b.in"
"$VC_BIN/vc-cli" shell < "$TEST_TMP/b.in" > "$TEST_TMP/b.out" 2>&1 &
B_PID=$!; TEST_PIDS+=("$B_PID")
exec 8> "$TEST_TMP/b.in"
echo "signup loader $PW" >&8
echo "signin loader $PW" >&8
for i in $(seq 1 40); do
    echo "lookup 'ho chi minh' 15-12-2021" >&8
    [ "$i" -eq 10 ] && kill -9 "$DATA1_PID"
    sleep 0.05
done
echo "lookup 'ho chi minh' 15-12-2021" >&8
wait_for 15 bash -c "[ \$(grep -c 'new cases\|error' '$TEST_TMP/b.out') -ge 41 ]"
served=$(grep -c "1.270 new cases" "$TEST_TMP/b.out")
errors=$(grep -c "^error" "$TEST_TMP/b.out")
[ "$served" -ge 38 ] && pass "lookups go on after an instance dies ($served served, $errors errors)" \
                     || fail "only $served of 41 lookups served: $(grep error "$TEST_TMP/b.out" | sort | uniq -c)"
wait_for 8 bash -c "\"$VC_BIN/vc-cli\" --raw services | grep -q '\"name\"=>\"data\", \"instances\"=>1'" \
    && pass "broker dropped the killed instance" || fail "killed instance still listed"

# The killed instance rejoins when restarted
spawn data1b "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db"
wait_for 10 bash -c "\"$VC_BIN/vc-cli\" --raw services | grep -q '\"name\"=>\"data\", \"instances\"=>2'" \
    && pass "restarted instance rejoined" || fail "restarted instance did not rejoin"
for i in $(seq 1 20); do echo "lookup hue" >&8; done
wait_for 10 bash -c "[ \$(grep -c 'total cases' '$TEST_TMP/b.out') -ge 20 ]" \
    && pass "20 lookups answered after the restart" || fail "lookups after the restart not all answered"
"$VC_BIN/vc-cli" --raw services > "$TEST_TMP/services.out" || fail "services failed"
# auth's instance and both data instances have served requests, none is idle
busy=$(grep -o '"served"=>[1-9][0-9]*' "$TEST_TMP/services.out" | wc -l)
if [ "$busy" -ge 3 ] && ! grep -q '"served"=>0' "$TEST_TMP/services.out"; then
    pass "both instances serve after the restart"
else
    fail "an instance served nothing: $(cat "$TEST_TMP/services.out")"
fi
exec 8>&-
finish
