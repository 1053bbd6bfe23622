# test_cli_said - vc-cli says a service's message in the person's language
# by the message id the reply carries (docs/protocol.md, "Message ids"):
# the real data and auth services send it with their errors, and a
# stand-in service whose English message is worded otherwise than its id
# ("province not known: Atlantis" for "no province matches '%s'") is said
# in Vietnamese only by its id (the message's English shape is unknown),
# in English by the catalogue's English of the id, with --raw as the
# service wrote it. A reply without an id (an older
# service) is still said by its shape. vc-cli watch in Vietnamese says the
# events' details as vc-monitor does (a client's connection, a sign-in, a
# refused one), in English as the broker and the services wrote them.
source "$(dirname "$0")/cli_lib.sh"
start_system --services=auth,data,echo
start_service echo echo "$VC_BIN/vc-echo-svc"

echo "$PW" > "$TEST_TMP/pw"
as_tester () { cli --user tester --password-file="$TEST_TMP/pw" "$@"; }

# Watchers in Vietnamese and in English, before the events they are to show
spawn watch_vi env LANGUAGE=vi "$VC_BIN/vc-cli" watch client.connect,auth.
spawn watch_en env LANGUAGE=en "$VC_BIN/vc-cli" watch client.connect,auth.
wait_for 10 grep -q "tcp://" "$TEST_TMP/watch_vi.log" || fail "the Vietnamese watch did not start"
wait_for 10 grep -q "watching" "$TEST_TMP/watch_en.log" || fail "the English watch did not start"
sleep 0.5
echo "not-the-password" > "$TEST_TMP/bad_pw"
cli --user tester --password-file="$TEST_TMP/bad_pw" lookup "Hà Nội" > /dev/null 2>&1 || true
as_tester lookup "Hà Nội" > /dev/null 2>&1 || fail "lookup as tester"
watched () { wait_for 5 grep -qE "$2" "$TEST_TMP/$1.log"; }
watched watch_vi "client.connect .* dòng lệnh đã kết nối$" \
    && watched watch_vi "auth.login_failed .*user=tester .*sai mật khẩu$" \
    && watched watch_vi "auth.login .*user=tester .*đã đăng nhập$" \
    && pass "watch in Vietnamese: a connection, a refused sign-in and a sign-in said in words" \
    || fail "watch in Vietnamese: $(cat "$TEST_TMP/watch_vi.log")"
watched watch_en "client.connect .* cli client connected$" \
    && watched watch_en "auth.login_failed .*user=tester .*wrong password$" \
    && watched watch_en "auth.login .*user=tester .*signed in$" \
    && pass "watch in English: the details as written" \
    || fail "watch in English: $(cat "$TEST_TMP/watch_en.log")"

# Said in Vietnamese from the catalogue
out=$(LANGUAGE=vi as_tester lookup Atlantis 2>&1)
grep -q "không có tỉnh nào khớp với 'Atlantis'" <<< "$out" \
    && pass "Vietnamese: the data service's 404" || fail "Vietnamese 404: $out"
out=$(LANGUAGE=vi as_tester series "Hà Nội" 01-01-2000 31-12-2030 2>&1)
grep -q "tối đa 3.660 ngày" <<< "$out" \
    && pass "Vietnamese: a count grouped from the message's value" || fail "Vietnamese series: $out"

# A range's bad end: its own message id, the field named in words
out=$(LANGUAGE=vi as_tester series "Hà Nội" 31-02-2021 01-03-2021 2>&1)
grep -q "ngày bắt đầu ('from'): 31-02-2021 không phải là một ngày có thật" <<< "$out" \
    && pass "Vietnamese: a bad 'from' date said by its id" || fail "Vietnamese 'from': $out"
out=$(LANGUAGE=vi as_tester series "Hà Nội" 01-02-2021 1-2-3000 2>&1)
grep -q "ngày kết thúc ('to'): năm phải nằm trong khoảng 1900 đến 2100" <<< "$out" \
    && pass "Vietnamese: a bad 'to' date said by its id" || fail "Vietnamese 'to': $out"
out=$(LANGUAGE=en as_tester series "Hà Nội" 31-02-2021 01-03-2021 2>&1)
grep -q "'from' date: 31-02-2021 is not a real date" <<< "$out" \
    && pass "English: a bad 'from' date" || fail "English 'from': $out"

# Only the id says the stand-in's message: its English is of no shape
out=$(LANGUAGE=vi cli call echo said text=Atlantis 2>&1)
grep -q "không có tỉnh nào khớp với 'Atlantis'" <<< "$out" \
    && pass "Vietnamese: a message of no known shape said by its id" || fail "by id: $out"
out=$(LANGUAGE=en cli call echo said text=Atlantis 2>&1)
grep -q "no province matches 'Atlantis'" <<< "$out" \
    && pass "English: the catalogue's English of the id" || fail "English: $out"
out=$(LANGUAGE=en cli --raw call echo said text=Atlantis 2>&1)
grep -q "province not known: Atlantis (404" <<< "$out" \
    && pass "--raw: the message as the service wrote it" || fail "--raw: $out"
# A message with no id: by its shape, as before
out=$(LANGUAGE=vi cli call echo nothing 2>&1)
grep -q "thao tác không xác định" <<< "$out" && pass "Vietnamese: a message without an id, by its shape" \
    || fail "no id: $out"
finish
