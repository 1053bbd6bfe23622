#!/usr/bin/env bash
# test_help - vc-cli, vc-monitor and vc-gtk --help (when built) in Vietnamese
# under LANGUAGE=vi: headings, option descriptions and the shared
# --log-level; in English otherwise.
set -uo pipefail
status=0
expect () { # NAME PATTERN TEXT
    if grep -qF -- "$2" <<< "$3"; then echo "ok - $1"; else echo "FAILED - $1: no '$2' in: $3"; status=1; fi
}
for program in vc-cli vc-monitor vc-gtk; do
    [ -x "$VC_BIN/$program" ] || { echo "skip - $program not built"; continue; }
    vi=$(LANGUAGE=vi "$VC_BIN/$program" --help)
    expect "$program: Vietnamese usage" "Cách dùng: $program" "$vi"
    expect "$program: Vietnamese options heading" "Tùy chọn (cờ, biến môi trường, mặc định):" "$vi"
    expect "$program: Vietnamese --server" "hoặc cả hai broker của một cặp, cách nhau bằng dấu phẩy" "$vi"
    expect "$program: Vietnamese --log-level" "Mức ghi nhật ký: error, warn, info hoặc debug [biến môi trường VC_LOG_LEVEL] (mặc định: info)" "$vi"
    expect "$program: Vietnamese --help" "Hiện trợ giúp này rồi thoát" "$vi"
    grep -q "Options\|Broker address\|Show this help" <<< "$vi" \
        && { echo "FAILED - $program: English left in: $vi"; status=1; }
    en=$(LANG=C LANGUAGE= "$VC_BIN/$program" --help)
    expect "$program: English by default" "Options (flag, environment variable, default):" "$en"
    expect "$program: English --log-level" "Log level: error, warn, info or debug [env VC_LOG_LEVEL] (default: info)" "$en"
done
vi=$(LANGUAGE=vi "$VC_BIN/vc-cli" --help)
expect "vc-cli: Vietnamese --password warning" "CẢNH BÁO: người dùng khác có thể thấy dòng lệnh" "$vi"
[ "$status" -eq 0 ] && echo "PASS: help in Vietnamese"
exit "$status"
