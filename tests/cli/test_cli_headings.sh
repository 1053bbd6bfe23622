# test_cli_headings - vc-cli's tables for people head their columns in
# words, in the person's language (services: "health", in Vietnamese
# "tình trạng"), while CSV and JSON keep the stable keys ("health").
source "$(dirname "$0")/cli_lib.sh"
start_system

out=$(LANGUAGE=en cli services 2>&1)
grep -qE "^service +health +instances +queued +requests +failures" <<< "$out" \
    && pass "English: the table's headings in words" || fail "English headings: $out"
out=$(LANGUAGE=vi cli services 2>&1)
grep -qE "^dịch vụ +tình trạng +số phiên bản +đang chờ +yêu cầu +lỗi" <<< "$out" \
    && pass "Vietnamese: the table's headings translated" || fail "Vietnamese headings: $out"
out=$(LANGUAGE=vi cli --format=csv services 2>&1)
grep -q "^service,health,instances,queued,requests,failures" <<< "$out" \
    && pass "Vietnamese CSV: the keys kept" || fail "CSV header: $out"
out=$(LANGUAGE=vi cli --format=json services 2>&1)
grep -q '"instances"' <<< "$out" && ! grep -q "phiên bản" <<< "$out" \
    && pass "Vietnamese JSON: the keys kept" || fail "JSON keys: $out"
finish
