# test_gtk_said - the desktop client says a service's message by the
# message id its reply carries (docs/protocol.md, "Message ids"), as
# vc-cli and vc-monitor do: a stand-in data service (vc-echo-svc
# registered as "data") answers a lookup with a 404 whose English is
# worded otherwise than its id ("province not known: Hà Nội" for "no
# province matches '%s'"), so only the id tells the window that the
# province is unknown: the province field says so in the person's
# language (English, and Vietnamese with LANGUAGE=vi), not the
# stand-in's English.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data
start_auth
start_service data data "$VC_BIN/vc-echo-svc" --service=data --log-level=debug
cli signup hoa hoa-password-1 > /dev/null || fail "cannot sign up hoa"

# said_round LANG EXPECTED: one client in language LANG
said_round () {
    local lang=$1 expected=$2
    cat > "$TEST_TMP/client-$lang.script" <<EOS
timeout 30
$(connect_steps "$FRONTEND")
$(signin_steps hoa)
set lookup-province Hà Nội
click lookup-button
wait-text lookup-province-error ^$expected
expect-class lookup-province error
screenshot gtk-said-$lang.png
quit
EOS
    LANGUAGE=$lang run_ui "client-$lang" vc-gtk "$TEST_TMP/client-$lang.script"
}

said_round en "No province or city is called “Hà Nội”\\.\$"
said_round vi "Không có tỉnh hay thành phố nào tên là “Hà Nội”\\.\$"
finish
