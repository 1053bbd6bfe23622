# test_cli_headings - vc-cli's tables for people head their columns in
# words, in the person's language (services: "health", in Vietnamese
# "tình trạng") and their words too (health "up": "hoạt động"; a client's
# kind "cli": "dòng lệnh"), while CSV and JSON keep the stable keys and
# values ("health", "up").
source "$(dirname "$0")/cli_lib.sh"
start_system --operator-key-file="$OPERATOR_KEY"

out=$(LANGUAGE=en cli services 2>&1)
grep -qE "^service +health +instances +queued +requests +failures" <<< "$out" \
    && pass "English: the table's headings in words" || fail "English headings: $out"
out=$(LANGUAGE=vi cli services 2>&1)
grep -qE "^dịch vụ +tình trạng +số phiên bản +đang chờ +yêu cầu +lỗi" <<< "$out" \
    && pass "Vietnamese: the table's headings translated" || fail "Vietnamese headings: $out"
grep -qE "^auth +hoạt động +1 " <<< "$out" && ! grep -qE "\b(up|down)\b" <<< "$out" \
    && pass "Vietnamese: a service's health in words" || fail "Vietnamese health: $out"
out=$(LANGUAGE=vi cli --operator-key-file="$OPERATOR_KEY" clients 2>&1)
grep -qE "^[0-9a-f]+ +dòng lệnh +- +127\.0\.0\.1" <<< "$out" \
    && pass "Vietnamese: a client's kind in words" || fail "Vietnamese kind: $out"
out=$(LANGUAGE=vi cli --format=csv services 2>&1)
grep -q "^service,health,instances,queued,requests,failures" <<< "$out" && grep -q "^auth,up," <<< "$out" \
    && pass "Vietnamese CSV: the keys kept" || fail "CSV header: $out"
out=$(LANGUAGE=vi cli --format=json services 2>&1)
grep -q '"instances"' <<< "$out" && ! grep -q "phiên bản" <<< "$out" \
    && pass "Vietnamese JSON: the keys kept" || fail "JSON keys: $out"
finish
