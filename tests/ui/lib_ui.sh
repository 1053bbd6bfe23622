# lib_ui.sh - helpers for the UI tests: a private X server (Xvfb), the
# system's processes on loopback ports (from the integration lib.sh), and
# running the test builds of vc-gtk / vc-monitor with a test script (VC_GTK_TEST_SCRIPT,
# VC_MONITOR_TEST_SCRIPT) whose PASS/FAIL lines become test results.
source "${VC_SOURCE:?VC_SOURCE must point at the source tree}/tests/integration/lib.sh"

SHOTS=${VC_SCREENSHOT_DIR:-$VC_BIN/../tests/ui/screenshots}
# The test builds of vc-gtk and vc-monitor (with the script driver); the
# shipped ones in $VC_BIN have none
VC_UI_BIN=${VC_UI_BIN:-$VC_BIN/../tests/ui/bin}
mkdir -p "$SHOTS"
SHOTS=$(cd "$SHOTS" && pwd)
export VC_SCREENSHOT_DIR=$SHOTS

# GTK under Xvfb: X11 backend, software rendering (no GL at all: the GL
# driver's probe leaves allocations LeakSanitizer reports), no accessibility bus
export GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable NO_AT_BRIDGE=1 GTK_A11Y=none
# libadwaita brings its own style (GTK_THEME would replace it); the colour
# scheme follows the system unless ADW_DEBUG_COLOR_SCHEME says otherwise
unset GTK_THEME
export GDK_SCALE=1 LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en
export DBUS_SESSION_BUS_ADDRESS=disabled:
# The programs' icons as an installed system has them (About windows)
export XDG_DATA_DIRS="$VC_SOURCE/desktop:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
unset WAYLAND_DISPLAY

# Skip the whole test (CTest SKIP_RETURN_CODE 77)
skip_all () { echo "SKIPPED - $*"; trap - EXIT; cleanup; exit 77; }

# A private X server on a free display; sets DISPLAY.
start_xvfb () {
    command -v Xvfb > /dev/null || skip_all "Xvfb is not installed (package xvfb)"
    local fifo=$TEST_TMP/xvfb.display
    Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -nolisten unix \
         3> "$fifo" >> "$TEST_TMP/xvfb.log" 2>&1 &
    TEST_PIDS+=("$!")
    local waited=0
    while [ ! -s "$fifo" ] && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    [ -s "$fifo" ] || { fail "Xvfb did not start"; finish; exit 1; }
    export DISPLAY=":$(head -1 "$fifo")"
}

# start_ui_broker: the common start_broker, which moves to new ports when
# the chosen ones were taken meanwhile by another program.
start_ui_broker () { start_broker "$@"; }

# True if the binaries of the services exist (other parts of the build).
have_services () { [ -x "$VC_BIN/vc-auth-svc" ] && [ -x "$VC_BIN/vc-data-svc" ]; }

start_auth () {
    start_service auth auth "$VC_BIN/vc-auth-svc" --db="$TEST_TMP/auth.db" \
        --pwhash-ops=1 --pwhash-mem=8 --log-level=debug
    AUTH_PID=$LAST_SERVICE_PID
}

start_data () {
    start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db" --log-level=debug
    DATA_PID=$LAST_SERVICE_PID
}

# setup_user USER: auth and data started, and USER signed up with the
# password USER-password-1 (once the test's broker or pair runs).
setup_user () {
    start_auth
    start_data
    cli signup "$1" "$1-password-1" > /dev/null || fail "cannot sign up $1"
}

# The steps of a client's script that most tests share, written into the
# script with $( ):
# connect_steps ADDRESS: connect to ADDRESS and wait for the sign-in page.
connect_steps () {
    printf '%s\n' "set connect-address $1" "click connect-button" "wait-page signin"
}
# signin_steps USER [PASSWORD]: sign in on the sign-in page (the password
# USER-password-1 unless given) and wait for the lookup page.
signin_steps () {
    printf '%s\n' "set signin-username $1" "set signin-password ${2:-$1-password-1}" \
        "click signin-button" "wait-page lookup"
}

# follow_setup USER ADDRESS TIMEOUT: the set-up of the "Notify me of new
# figures" tests, once their broker (or pair) runs: setup_user USER, and
# the first steps of the client's script written to $TEST_TMP/follow.script
# (steps of its own are appended after): connect to ADDRESS, sign in as
# USER, look up Hồ Chí Minh (its last day 21-01-2022) and turn "Notify me"
# on.
follow_setup () {
    setup_user "$1"
    cat > "$TEST_TMP/follow.script" <<EOF
timeout $3
$(connect_steps "$2")
$(signin_steps "$1")
set lookup-province TP. Hồ Chí Minh
click lookup-button
wait-visible lookup-follow
wait-text lookup-chart last=21-01-2022
click lookup-follow
EOF
}

# run_ui NAME PROGRAM SCRIPT_FILE [ARGS...]: run a program with its test
# script in the foreground; every PASS/FAIL line counts.
run_ui () {
    local name=$1 program=$2 script=$3; shift 3
    local var=VC_GTK_TEST_SCRIPT
    [ "$program" = vc-monitor ] && var=VC_MONITOR_TEST_SCRIPT
    env "$var=$script" timeout 120 "$VC_UI_BIN/$program" "$@" > "$TEST_TMP/$name.out" 2> "$TEST_TMP/$name.log"
    local rc=$?
    ui_results "$name" "$TEST_TMP/$name.out"
    grep -q "ui-script: DONE .* 0 failed" "$TEST_TMP/$name.out" && [ $rc -eq 0 ] \
        && pass "$name: script completed" \
        || { fail "$name: exit $rc"; tail -n 20 "$TEST_TMP/$name.log"; }
}

# Start a program with its script in the background; sets LAST_UI_PID.
spawn_ui () {
    local name=$1 program=$2 script=$3; shift 3
    local var=VC_GTK_TEST_SCRIPT
    [ "$program" = vc-monitor ] && var=VC_MONITOR_TEST_SCRIPT
    env "$var=$script" timeout 120 "$VC_UI_BIN/$program" "$@" > "$TEST_TMP/$name.out" 2> "$TEST_TMP/$name.log" &
    LAST_UI_PID=$!
    TEST_PIDS+=("$LAST_UI_PID")
}

# wait_ui NAME PID: wait for a background program, then count its results.
wait_ui () {
    local name=$1 pid=$2 rc
    wait "$pid"; rc=$?
    ui_results "$name" "$TEST_TMP/$name.out"
    grep -q "ui-script: DONE .* 0 failed" "$TEST_TMP/$name.out" && [ $rc -eq 0 ] \
        && pass "$name: script completed" \
        || { fail "$name: exit $rc"; tail -n 20 "$TEST_TMP/$name.log"; }
}

# Echo the script's lines; count failures.
ui_results () {
    local name=$1 out=$2
    while IFS= read -r line; do
        case "$line" in
            "ui-script: PASS"*) echo "  $name: ${line#ui-script: }" ;;
            "ui-script: FAIL"*) fail "$name: ${line#ui-script: FAIL }" ;;
            "ui-script: window saved"*|"ui-script: contrast"*|"ui-script: width"*|"ui-script: turns"*) echo "  $name: ${line#ui-script: }" ;;
        esac
    done < "$out"
}

# The sequence numbers of a dumped event table must be increasing.
check_seq_order () {
    local name=$1 file=$2
    local seqs
    seqs=$(awk -F'\t' 'NR > 1 { print $1 }' "$file")
    if [ -n "$seqs" ] && [ "$seqs" = "$(sort -n <<< "$seqs")" ]; then
        pass "$name"
    else
        fail "$name: $(tr '\n' ' ' <<< "$seqs")"
    fi
}

# watch_drawing SECONDS FILE: from outside the program, what the X server
# shows: the screen grabbed (import) as often as it can for SECONDS, one
# line per grab in FILE: milliseconds since the watch began, and the
# picture's checksum. A window whose main loop stalls shows no change.
watch_drawing () {
    local seconds=$1 file=$2 start now
    start=$(date +%s%3N)
    : > "$file"
    while now=$(date +%s%3N); [ $((now - start)) -lt $((seconds * 1000)) ]; do
        echo "$((now - start)) $(import -window root -depth 8 gray:- 2> /dev/null | md5sum | cut -c1-12)" >> "$file"
    done
}

# still_ms FILE: the longest time the screen was seen unchanged in FILE
# (watch_drawing): from the first to the last of a row of equal grabs (a
# slow grab makes it shorter, never longer); then the count of grabs and
# of changes.
still_ms () {
    awk 'NR == 1 { first = $1; hash = $2; last = $1; next }
         $2 == hash { last = $1; next }
         { if (last - first > most) most = last - first; first = $1; hash = $2; last = $1; changes++ }
         END { if (last - first > most) most = last - first; print most + 0, NR, changes + 0 }' "$1"
}
