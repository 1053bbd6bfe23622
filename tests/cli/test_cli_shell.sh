# test_cli_shell - the shell: names with spaces typed without quotes (the
# last word is the date when it is one), line editing on a terminal
# (completion of commands and province names, history without passwords),
# and a broker restart under an open shell: it says so, keeps its client
# kind, and stays signed in (the session is resumed).
source "$(dirname "$0")/cli_lib.sh"
start_system --operator-key-file="$OPERATOR_KEY"

# Unquoted names
open_shell names 7
{
    echo "signin tester $PW"
    echo "lookup Hồ Chí Minh 15-12-2021"
    echo "lookup Bà Rịa Vũng Tàu"
    echo "series Thừa Thiên Huế 14-12-2021 15-12-2021"
    echo "lookup ho chi minh 31-02-2021"
    echo "lookup hcm garbage"
} >&7
wait_for 10 grep -q "garbage\|expected dd-mm-yyyy" "$TEST_TMP/names.out"
grep -q "^Hồ Chí Minh, 15-12-2021: 1.270 new cases$" "$TEST_TMP/names.out" \
    && pass "lookup Hồ Chí Minh 15-12-2021, unquoted" || fail "unquoted lookup: $(cat "$TEST_TMP/names.out")"
grep -q "^Bà Rịa - Vũng Tàu: .* total cases" "$TEST_TMP/names.out" \
    && pass "a name of four words without a date" || fail "four words: $(cat "$TEST_TMP/names.out")"
grep -q "^Thừa Thiên Huế, new cases each day from 14-12-2021 to 15-12-2021:" "$TEST_TMP/names.out" \
    && pass "series with an unquoted name and two dates" || fail "series: $(cat "$TEST_TMP/names.out")"
grep -q "31-02-2021 is not a real date" "$TEST_TMP/names.out" \
    && pass "a bad date after a name is still the date" || fail "bad date: $(cat "$TEST_TMP/names.out")"
grep -q "expected dd-mm-yyyy" "$TEST_TMP/names.out" \
    && pass "a word after a known name is a (bad) date" || fail "hcm garbage: $(cat "$TEST_TMP/names.out")"
echo "signout" >&7
wait_for 5 grep -q "^signed out" "$TEST_TMP/names.out" || fail "names shell did not sign out"
exec 7>&-
check "one-shot commands take unquoted names too" 0 "^Hồ Chí Minh, 15-12-2021: 1.270" \
      cli --user tester --password "$PW" lookup Hồ Chí Minh 15-12-2021

# Line editing on a terminal: Tab completes, history is kept without passwords
export VC_HISTORY_FILE=$TEST_TMP/history
out=$( (sleep 1; printf 'signin tester %s\r' "$PW"; sleep 1; printf 'look\tHồ\t15-12-2021\r'; sleep 1
         printf 'seri\tCà M\t14-12-2021\r'; sleep 1; printf 'exit\r'; sleep 0.5) \
       | script -qefc "$(printf '%q ' "$VC_BIN/vc-cli" shell)" /dev/null 2>&1)
grep -q "Hồ Chí Minh, 15-12-2021: 1.270 new cases" <<< "$out" \
    && pass "terminal: Tab completes 'look' and 'Hồ' (lookup Hồ Chí Minh)" || fail "completion: $out"
grep -q "Cà Mau, new cases each day from 14-12-2021" <<< "$out" \
    && pass "terminal: Tab completes 'seri' and 'Cà M'" || fail "completion of series: $out"
history=$(sed 's/\\040/ /g' "$VC_HISTORY_FILE")      # libedit writes spaces as \040
grep -q "^signin tester$" <<< "$history" && ! grep -q -- "$PW" <<< "$history" \
    && grep -q "^lookup Hồ Chí Minh 15-12-2021" <<< "$history" \
    && pass "history kept, password left out" || fail "history: $(cat "$VC_HISTORY_FILE" 2>&1)"
out=$( (sleep 1; printf '\x10\r'; sleep 1; printf 'exit\r'; sleep 0.5) \
       | script -qefc "$(printf '%q ' "$VC_BIN/vc-cli" shell)" /dev/null 2>&1)
grep -q "series Cà Mau 14-12-2021" <<< "$out" && grep -q "sign in first" <<< "$out" \
    && pass "terminal: the history is there in the next run (Ctrl-P runs the last line)" || fail "history recall: $out"
unset VC_HISTORY_FILE

# watch finds the event bus through the broker (no --events)
spawn watcher env -u VC_EVENTS "$VC_BIN/vc-cli" --server="127.0.0.1:$FRONTEND_PORT" --count=1 watch client.connect
wait_for 5 grep -q "watching events on" "$TEST_TMP/watcher.log"
cli ping > /dev/null
wait_for 5 grep -q "client.connect" "$TEST_TMP/watcher.log" \
    && grep -q "watching events on tcp://127.0.0.1:$EVENTS_OUT_PORT " "$TEST_TMP/watcher.log" \
    && pass "watch follows the broker to its event port ($EVENTS_OUT_PORT)" \
    || fail "watch: $(cat "$TEST_TMP/watcher.log")"
check "ping tells where the events are" 0 "\"events\"=>\"$EVENTS_OUT\"" cli --raw ping

# A broker restart under an open, signed-in shell
open_shell restart 8
echo "signin tester $PW" >&8
wait_for 5 grep -q "^signed in" "$TEST_TMP/restart.out" || fail "shell did not sign in"
kill -9 "$BROKER_PID"
sleep 0.5
spawn broker2 "$VC_BIN/vc-broker" --operator-key-file="$OPERATOR_KEY"
BROKER_PID=$LAST_PID
wait_for 15 cli --timeout=1000 ping data || fail "data did not come back"
sleep 1.5                            # the shell's heartbeats find the new broker
echo "call broker ping" >&8
wait_for 5 grep -q "the server restarted; reconnected" "$TEST_TMP/restart.out" \
    && pass "the shell says the server restarted" || fail "no restart notice: $(cat "$TEST_TMP/restart.out")"
out=$(cli_op --raw clients)
grep -q '"kind"=>"client"' <<< "$out" && fail "a client lost its kind: $out" \
    || pass "after the restart every CLI is still kind cli"
[ "$(grep -o '"kind"=>"cli"' <<< "$out" | wc -l)" -ge 2 ] && pass "the shell is listed as cli" \
    || fail "clients after restart: $out"
echo "lookup hcm 15-12-2021" >&8
wait_for 5 grep -q "^Hồ Chí Minh, 15-12-2021" "$TEST_TMP/restart.out" \
    && pass "still signed in after the restart (session resumed), the shell goes on" \
    || fail "after the restart: $(cat "$TEST_TMP/restart.out")"
grep -q "^error: sign in first" "$TEST_TMP/restart.out" && fail "the shell was asked to sign in again" \
    || pass "no 'sign in first' after the restart"
exec 8>&-
finish
