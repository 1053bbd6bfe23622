# test_cli_said - vc-cli says a service's message in the person's language
# by the message id the reply carries (docs/protocol.md, "Message ids"):
# the real data and auth services send it with their errors, and a
# stand-in service whose English message is worded otherwise than its id
# ("province not known: Atlantis" for "no province matches '%s'") is said
# in Vietnamese only by its id (the message's English shape is unknown),
# in English by the catalogue's English of the id, with --raw as the
# service wrote it. A reply without an id (an older
# service) is still said by its shape.
source "$(dirname "$0")/cli_lib.sh"
start_system --services=auth,data,echo
start_service echo echo "$VC_BIN/vc-echo-svc"

echo "$PW" > "$TEST_TMP/pw"
as_tester () { cli --user tester --password-file="$TEST_TMP/pw" "$@"; }

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
