# test_gtk_words - the desktop client shows the server's own messages in
# the person's language, beside the field they are about, as vc-cli and
# vc-monitor say them (vc_server_words): a username the auth service
# refuses by its rules (one the client lets through: only ASCII letters),
# and a province whose total the data service does not have (an empty
# store), which is not an unknown province. In English and in Vietnamese
# (LANGUAGE=vi), the English words the server's.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data
start_auth
# The data service on an empty store: it knows the provinces, no figures
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db" --data-dir= --log-level=debug
cli signup hoa hoa-password-1 > /dev/null || fail "cannot sign up hoa"

# words_round LANG USERNAME_RULE NO_TOTAL: one client in language LANG
words_round () {
    local lang=$1 rule=$2 no_total=$3
    cat > "$TEST_TMP/client-$lang.script" <<EOF
timeout 30
$(connect_steps "$FRONTEND")
click signin-signup
wait-page signup
set signup-username hoà.nguyễn
set signup-password hoa-password-2
set signup-confirm hoa-password-2
click signup-button
wait-text signup-username-error ^$rule
expect-class signup-username error
screenshot gtk-words-signup-$lang.png
click signup-back
wait-page signin
$(signin_steps hoa)
set lookup-province Hà Nội
click lookup-button
wait-text lookup-province-error ^$no_total
expect-class lookup-province error
screenshot gtk-words-lookup-$lang.png
quit
EOF
    LANGUAGE=$lang run_ui "client-$lang" vc-gtk "$TEST_TMP/client-$lang.script"
}

words_round en "Username may only hold ASCII letters, digits" "No total case count is stored for Hà Nội\\.\$"
words_round vi "Tên đăng nhập chỉ được chứa chữ cái ASCII, chữ số" "Chưa lưu tổng số ca nhiễm của Hà Nội\\.\$"
finish
