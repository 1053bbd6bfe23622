# test_gtk_toast_gone - a passing message about the page left behind goes
# with it: "Account created. Sign in." (and "Connected to …") is gone soon
# after signing in, not left over the lookup page for the rest of its 3 s,
# even when the sign-in comes while the toast still slides in (the toast
# is taken away only once shown, since libadwaita 1.2 frees a toast
# dismissed while it slides in and then uses it: the program must live on).
# The toasts' text is what is on show ('' when none is).
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data
start_auth
start_data

# gone_round NAME DELAY: sign up, then sign in DELAY ms after the toast came
gone_round () {
    local name=$1 delay=$2
    cat > "$TEST_TMP/$name.script" <<EOF
timeout 30
set connect-address $FRONTEND
click connect-button
wait-page signin
click signin-signup
wait-page signup
set signup-username $name
set signup-password $name-password-1
set signup-confirm $name-password-1
click signup-button
wait-text toasts ^Account created
sleep $delay
set signin-password $name-password-1
click signin-button
wait-page lookup
sleep 900
timeout 1
wait-text toasts ^\$
screenshot toast-gone-$name.png
quit
EOF
    run_ui "$name" vc-gtk "$TEST_TMP/$name.script" --log-level=debug
    echo "$name: $(grep -o "toast withdrawn.*" "$TEST_TMP/$name.log")"
}

gone_round quick 0
gone_round sliding 250
gone_round shown 800
finish
