# test_cli_errors - vc-cli's errors: one plain sentence (the status code
# only with --raw), a server that cannot be reached said in the person's
# language; bad addresses refused at once with the reason, CURVE
# named only when a key is in use; a hint after a one-shot 'sign in first';
# numbers checked (top abc, a province code said aloud, series outside the
# covered dates, an all-spaces password); passwords off the command line.
source "$(dirname "$0")/cli_lib.sh"

# Addresses, before any broker runs: refused at once, with the reason (at
# once: within a second of a vc-cli run that only prints its help, measured
# now; the connect timeout is 3 s)
reference=$(cli_ms --help)
for case in "1.2.3.999|not a valid IPv4 address" "127.0.0.1:99999|port 99999 is out of range" \
            "no-such-host.invalid|unknown host name 'no-such-host.invalid'" "a:b:c|not a valid IPv6 address"; do
    address=${case%%|*} reason=${case#*|}
    start=$(now_ms)
    out=$(cli --server="$address" ping 2>&1); rc=$?
    took=$(( $(now_ms) - start ))
    if [ "$rc" -eq 3 ] && grep -q "$reason" <<< "$out" && [ "$took" -lt $(( reference + 1000 )) ] && ! grep -qi curve <<< "$out"; then
        pass "address $address refused in $took ms (--help: $reference ms): $reason"
    else
        fail "address $address: exit $rc after $took ms (--help: $reference ms): $out"
    fi
done
out=$(cli --server=127.0.0.1:$(free_port) ping 2>&1)
grep -q "nothing listens there" <<< "$out" && ! grep -qi curve <<< "$out" \
    && pass "nothing listening: said so, no CURVE hint" || fail "closed port: $out"
# In Vietnamese, the same in plain Vietnamese words (not the library's
# English "no answer from a broker within 3000 ms")
out=$(LANGUAGE=vi cli --server=127.0.0.1:$(free_port) ping 2>&1)
grep -q "không có chương trình nào lắng nghe" <<< "$out" && ! grep -qE "nothing|broker|[0-9]+ ms" <<< "$out" \
    && pass "nothing listening, in Vietnamese: said in Vietnamese" || fail "closed port in Vietnamese: $out"
"$VC_BIN/vc-keygen" --out="$TEST_TMP/broker.cert" > /dev/null || fail "vc-keygen"
out=$(cli --server=127.0.0.1:$(free_port) --server-key-file="$TEST_TMP/broker.cert" ping 2>&1)
grep -q "wrong public key" <<< "$out" && pass "with a key in use the hint names encryption" \
    || fail "key hint: $out"
out=$(LANGUAGE=vi cli --server=127.0.0.1:$(free_port) --server-key-file="$TEST_TMP/broker.cert" ping 2>&1)
grep -q "khóa công khai sai" <<< "$out" && ! grep -qE "wrong|broker|[0-9]+ ms" <<< "$out" \
    && pass "with a key in use, in Vietnamese: the hint names encryption in Vietnamese" \
    || fail "key hint in Vietnamese: $out"

start_system
# The broker's messages that carry a value: in Vietnamese, the service
# named as written; --raw keeps the server's words (no scraper runs yet)
out=$(LANGUAGE=vi cli refresh 2>&1)
same "Vietnamese: a service with no instance" \
     "lỗi: dịch vụ 'scraper' không sẵn sàng: không có phiên bản nào đang chạy" "$out"
out=$(LANGUAGE=vi cli --raw refresh 2>&1)
same "Vietnamese --raw: the broker's words" \
     "lỗi: service 'scraper' is unavailable: no instance is running (503 service unavailable)" "$out"
start_service scraper scraper "$VC_BIN/vc-scraper-svc" --db="$DATA_DB" \
    --sources="$VC_SOURCE/data/sources-offline.conf"
U=(--user tester --password "$PW")

# One sentence per error; the status code with --raw only
out=$(cli signin tester wrong-password 2>&1)
same "an error is one plain sentence" "error: wrong username or password" "$out"
out=$(cli --raw signin tester wrong-password 2>&1)
same "--raw adds the status code" "error: wrong username or password (401 unauthorised)" "$out"
# The services' messages in Vietnamese when the language asks for it
out=$(LANGUAGE=vi cli signin tester wrong-password 2>&1)
same "Vietnamese: a refused sign-in" "lỗi: sai tên đăng nhập hoặc mật khẩu" "$out"
out=$(LANGUAGE=vi cli signin tester "$PW" 2>&1)
same "Vietnamese: a sign-in" "đã đăng nhập" "$out"
out=$(LANGUAGE=vi cli lookup HCM 2>&1)
grep -q "^lỗi: hãy đăng nhập trước$" <<< "$out" && pass "Vietnamese: sign in first" \
    || fail "Vietnamese: sign in first: $out"
out=$(cli --raw --server=127.0.0.1:99999 ping 2>&1)
[ "$(grep -c . <<< "$out")" -eq 1 ] && pass "a refused address is one line" || fail "address error: $out"

# One-shot sign-in then a lookup: the hint says how to keep a session
cli signin tester "$PW" > /dev/null 2>&1
out=$(cli lookup hcm 2>&1); rc=$?
[ "$rc" -eq 1 ] && grep -q "^error: sign in first$" <<< "$out" \
    && grep -q "^hint: .*--user.*--password-file.*vc-cli shell" <<< "$out" \
    && pass "one-shot sign-in: the next command says how to keep a session" || fail "hint: $out"

# Numbers
check "top abc: neither a number nor a date" 2 "'abc' is neither a number of provinces nor a date" \
      cli "${U[@]}" top abc
check "top 3 abc too" 2 "'abc' is neither" cli "${U[@]}" top 3 abc
out=$(cli "${U[@]}" lookup 1 15-12-2021 2>&1 >/dev/null)
grep -q "1 is read as the province code of Hà Nội" <<< "$out" && pass "a province code is said aloud" \
    || fail "province code: $out"
out=$(cli "${U[@]}" lookup 1 15-12-2021 2>/dev/null)
grep -q "^Hà Nội, 15-12-2021: " <<< "$out" && pass "and the answer names the province" || fail "code lookup: $out"
check "a number that is no province code" 2 "99 is not a province code" cli "${U[@]}" lookup 99
check "series after the covered dates: not found, with the range" 1 \
      "no figures in the dates asked: the data covers 18-03-2020 to 21-01-2022" \
      cli "${U[@]}" series hcm 01-06-2023 30-06-2023
check "series before them too" 1 "the data covers 18-03-2020 to 21-01-2022" \
      cli "${U[@]}" series "Hà Nội" 01-01-2020 31-01-2020
check "--raw: status 404" 1 "\(404 not found\)" cli "${U[@]}" --raw series hcm 01-06-2023 30-06-2023
check "series inside still works" 0 "3 days, 3.436 new cases in all" cli "${U[@]}" series hcm 14-12-2021 16-12-2021
check "a password of 8 spaces is refused" 2 "a password cannot be only spaces" cli signup spacey "        "
check "nor is it stored" 1 "wrong username or password" cli signin spacey "        "

# Passwords off the command line
printf '%s\n' "$PW" > "$TEST_TMP/pw"
check "--password-file" 0 "Hồ Chí Minh: " cli --user tester --password-file="$TEST_TMP/pw" lookup hcm
VC_PASSWORD_FILE=$TEST_TMP/pw check "VC_PASSWORD_FILE" 0 "Hồ Chí Minh: " cli --user tester lookup hcm
check "signup takes --password-file, after the command too" 0 "account created" \
      cli signup filer --password-file="$TEST_TMP/pw" < /dev/null
check "signin takes it" 0 "signed in" cli signin filer --password-file="$TEST_TMP/pw" < /dev/null
VC_PASSWORD=$PW check "and VC_PASSWORD" 0 "signed in" cli signin filer < /dev/null
check "an unreadable password file" 2 "cannot read a password from" \
      cli --user tester --password-file="$TEST_TMP/none" lookup hcm
check "no password and no terminal: refused, not waited for" 2 "no terminal to ask" \
      cli --user tester lookup hcm < /dev/null
out=$( (sleep 1; printf "%s\n" "$PW") | script -qefc "$(printf '%q ' "$VC_BIN/vc-cli" --user tester lookup hcm)" /dev/null)
grep -q "^Password: " <<< "$out" && grep -q "Hồ Chí Minh: " <<< "$out" && ! grep -q -- "$PW" <<< "$out" \
    && pass "the password is asked on the terminal, not echoed" || fail "prompt: $out"
check "--help warns about --password" 0 "WARNING: other users can see the command line" cli --help

# In Vietnamese when the language asks for it, English otherwise
LANGUAGE=vi check "Vietnamese: help" 0 "^Các lệnh:" cli help
LANGUAGE=vi check "Vietnamese: an error" 2 "^lỗi: top: 'abc' không phải là số tỉnh" cli top abc
LANGUAGE=vi check "Vietnamese: a bad address" 3 "cổng 99999 nằm ngoài khoảng cho phép" cli --server=127.0.0.1:99999 ping
LANGUAGE=vi check "Vietnamese: an answer" 0 "^Hồ Chí Minh, 15-12-2021: 1.270 ca mới$" \
      cli "${U[@]}" lookup hcm 15-12-2021
# A total's kind in the person's words, in Vietnamese and in English
LANGUAGE=vi check "Vietnamese: a total and its kind" 0 \
      "^Hồ Chí Minh: tổng cộng [0-9.]+ ca \(tính đến [0-9-]+, (cộng các báo cáo hằng ngày|theo báo cáo)\)$" \
      cli "${U[@]}" lookup hcm
LANG=C LANGUAGE= check "English: a total and its kind" 0 \
      "^Hồ Chí Minh: [0-9,.]+ total cases \(as of [0-9-]+, (sum of daily reports|reported)\)$" \
      cli "${U[@]}" lookup hcm
out=$(LANGUAGE=vi cli "${U[@]}" stats hcm 15-12-2021 2>/dev/null)
STATS_VI=0
for line in "^Hồ Chí Minh, 15-12-2021: 1.270 ca mới, 63 ca tử vong$" "^  tổng: [0-9.]+ ca \(cộng các báo cáo hằng ngày\), [0-9.]+ ca tử vong$" \
            "^  trung bình 7 ngày: [0-9.]+,[0-9]{2} ca mới mỗi ngày \(7 ngày có báo cáo\)$" "^  xếp hạng: 1 trên 63 tỉnh trong ngày đó$" \
            "^  số ngày từ ca được báo cáo gần nhất: 0$" "^  trên 100.000 dân \(điều tra dân số 2019, 8.993.082 người\): trung bình 7 ngày [0-9]+,[0-9]{2}, tổng [0-9.]+,[0-9]{2}$"; do
    grep -qE "$line" <<< "$out" || { STATS_VI=1; echo "  no line $line"; }
done
[ "$STATS_VI" -eq 0 ] && pass "Vietnamese: stats, every line" || fail "Vietnamese: stats: $out"
# A history's heading and sums in Vietnamese, the step in words
out=$(LANGUAGE=vi cli "${U[@]}" history "Hà Nội" 01-12-2021 31-12-2021 week 2>/dev/null)
grep -q "^Hà Nội, số ca mới và ca tử vong theo tuần từ 01-12-2021 đến 31-12-2021:$" <<< "$out" \
    && grep -qE "^5 tuần, tổng cộng [0-9.]+ ca mới và [0-9.]+ ca tử vong$" <<< "$out" \
    && pass "Vietnamese: a history's heading and sums" || fail "Vietnamese: history: $out"
LANG=C LANGUAGE= check "English: a history's sums" 0 "^1 month, [0-9.]+ new cases and [0-9.]+ deaths in all$" \
      cli "${U[@]}" history "Hà Nội" 01-12-2021 31-12-2021 month
# The services' messages that carry a value, in Vietnamese, the values
# as written; --raw and English keep the server's words
viet () { # NAME WANT COMMAND...: the error line in Vietnamese
    local name=$1 want=$2; shift 2
    local got; got=$(LANGUAGE=vi "$@" 2>&1 >/dev/null | grep -v "^có phải ý bạn là\|^đã đăng nhập")
    same "Vietnamese: $name" "lỗi: $want" "$got"
}
viet "no such province" "không có tỉnh nào khớp với 'Da Nagg'" cli "${U[@]}" lookup "Da Nagg"
viet "a date before the data" \
     "không có dữ liệu cho ngày 01-01-2019; dữ liệu có từ 18-03-2020 đến 21-01-2022" \
     cli "${U[@]}" lookup hcm 01-01-2019
viet "no real date" "31-02-2021 không phải là một ngày có thật" cli "${U[@]}" lookup hcm 31-02-2021
LANGUAGE=vi check "Vietnamese --raw: the data service's words" 1 \
     "^lỗi: no data for 01-01-2019; data covers 18-03-2020 to 21-01-2022 \(404 not found\)$" \
     cli "${U[@]}" --raw lookup hcm 01-01-2019
check "English: the data service's words" 1 "^error: no province matches 'Da Nagg'$" \
     cli "${U[@]}" lookup "Da Nagg"
# Failed sign-ins until the auth service asks to wait (a few under load)
LIMITED=1
for i in $(seq 12); do
    out=$(LANGUAGE=vi cli signin limited wrong-password 2>&1)
    grep -qE "^lỗi: quá nhiều lần (thử|đăng nhập) thất bại.*, hãy đợi [0-9]+ giây$" <<< "$out" \
        && { LIMITED=0; break; }
done
[ "$LIMITED" -eq 0 ] && pass "Vietnamese: too many failed sign-ins, the wait in seconds" || fail "Vietnamese: limited: $out"
LANG=C LANGUAGE= check "English by default" 0 "^Commands:" cli help
finish
