# test_gtk_frozen - the desktop client's header tells the truth about a
# single broker that stops answering while the window is idle (SIGSTOP):
# with no request made, the header says the server does not answer; after
# SIGCONT it names the signed-in user again by itself, and a lookup works.
# In English and in Vietnamese.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data,scraper
setup_user frida
ADDRESS_RE="tcp://127\\.0\\.0\\.1:$FRONTEND_PORT"

# frozen_round LANG SILENT SIGNED_IN RESULT: one client in language LANG
frozen_round () {
    local lang=$1 silent=$2 signed=$3 result=$4
    rm -f "$TEST_TMP/ready" "$TEST_TMP/frozen" "$TEST_TMP/seen-frozen" "$TEST_TMP/thawed"
    cat > "$TEST_TMP/client-$lang.script" <<EOF
timeout 30
$(connect_steps "$FRONTEND")
$(signin_steps frida)
wait-text header-subtitle ^$ADDRESS_RE · $signed frida\$
run touch $TEST_TMP/ready
wait-file $TEST_TMP/frozen
wait-text header-subtitle ^$ADDRESS_RE · $silent\$
screenshot gtk-frozen-$lang.png
run touch $TEST_TMP/seen-frozen
wait-file $TEST_TMP/thawed
wait-text header-subtitle ^$ADDRESS_RE · $signed frida\$
set lookup-province Hà Nội
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-result ^$result\$
screenshot gtk-thawed-$lang.png
quit
EOF
    LANGUAGE=$lang spawn_ui "client-$lang" vc-gtk "$TEST_TMP/client-$lang.script"
    local client=$LAST_UI_PID
    wait_for 40 test -f "$TEST_TMP/ready" || fail "$lang: the client did not sign in"
    kill -STOP "$BROKER_PID"
    touch "$TEST_TMP/frozen"
    wait_for 40 test -f "$TEST_TMP/seen-frozen" \
        && pass "$lang: the header says the frozen server does not answer" \
        || fail "$lang: the header did not tell the frozen server"
    kill -CONT "$BROKER_PID"
    touch "$TEST_TMP/thawed"
    wait_ui "client-$lang" "$client"
}

frozen_round en "the server does not answer" "signed in as" "1\\.024"
frozen_round vi "máy chủ không trả lời" "đã đăng nhập:" "1\\.024"
finish
