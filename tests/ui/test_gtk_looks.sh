# test_gtk_looks - the desktop client and the monitor in the dark style
# (libadwaita, as a system preferring dark would ask) with every text
# checked for contrast on the drawn window (WCAG: 4.5 for text, 3 for the
# big result), and in Vietnamese (LANGUAGE=vi) with their strings checked.
# Screenshots: client-dark.png, monitor-dark.png, client-vi.png,
# monitor-vi.png, client-light.png.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"

start_xvfb
start_ui_broker --services=auth,data,scraper --operator-key-file="$OPERATOR_KEY"
setup_user minh

# mean_light FILE: the mean lightness of the image's upper half (header and
# form), 0 (black) to 100 (white); chart_light FILE: the same of the lower
# half, where the chart draws its own colours
mean_light () { convert "$1" -crop 100%x50%+0+0 +repage -colorspace Gray -format "%[fx:int(mean*100)]" info:; }
chart_light () { convert "$1" -gravity South -crop 100%x40%+0+0 +repage -colorspace Gray -format "%[fx:int(mean*100)]" info:; }

# The same walk in each look: sign-in errors, a lookup error, a result
client_script () {
    local file=$1 shot=$2 signin=$3 lookup=$4
    cat > "$file" <<EOF
timeout 15
$(connect_steps "$FRONTEND")
click signin-button
wait-visible signin-username-error
$signin
$(signin_steps minh)
set lookup-province Atlantis
click lookup-button
wait-visible lookup-province-error
set lookup-province TP. Hồ Chí Minh
set lookup-date 31-02-2021
click lookup-button
wait-visible lookup-date-error
$lookup
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-result ^1\.270$
wait-text lookup-chart highlight=15-12-2021
sleep 2500
screenshot $shot
quit
EOF
}

# 1. Dark: every text stands out
export ADW_DEBUG_COLOR_SCHEME=prefer-dark
client_script "$TEST_TMP/dark.script" client-dark.png "
expect-contrast signin-username-error 4.5
" "
expect-contrast lookup-date-error 4.5
set lookup-province Da Nag
set lookup-date
click lookup-button
wait-visible lookup-suggestion-1
expect-contrast lookup-province-error 4.5
expect-contrast lookup-suggestion-1 4.5
set lookup-province TP. Hồ Chí Minh"
sed -i 's/^quit$/expect-contrast lookup-caption 4.5\nexpect-contrast lookup-result 3\nquit/' "$TEST_TMP/dark.script"
run_ui client-dark vc-gtk "$TEST_TMP/dark.script"
LIGHT=$(mean_light "$SHOTS/client-dark.png")
[ "$LIGHT" -lt 40 ] && pass "the client is dark ($LIGHT% light)" || fail "the client is not dark: $LIGHT% light"
CHART=$(chart_light "$SHOTS/client-dark.png")
[ "$CHART" -lt 40 ] && pass "the chart is dark ($CHART% light)" || fail "the chart is not dark: $CHART% light"

cat > "$TEST_TMP/monitor-dark.script" <<EOF
timeout 15
wait-text broker-status ^The broker answers
wait-text services ^auth 1 up
wait-text events \tclient\.connect$
expect-contrast broker-status 4.5
expect-contrast events-count 4.5
expect-contrast server-address 4.5
expect-contrast clients-count 4.5
sleep 300
screenshot monitor-dark.png
quit
EOF
run_ui monitor-dark vc-monitor "$TEST_TMP/monitor-dark.script"
LIGHT=$(mean_light "$SHOTS/monitor-dark.png")
[ "$LIGHT" -lt 40 ] && pass "the monitor is dark ($LIGHT% light)" || fail "the monitor is not dark: $LIGHT% light"

# 2. Light, for the documentation, contrast checked too
export ADW_DEBUG_COLOR_SCHEME=prefer-light
client_script "$TEST_TMP/light.script" client-light.png "
expect-contrast signin-username-error 4.5" "
expect-contrast lookup-date-error 4.5"
sed -i 's/^quit$/expect-contrast lookup-caption 4.5\nexpect-contrast lookup-result 3\nquit/' "$TEST_TMP/light.script"
run_ui client-light vc-gtk "$TEST_TMP/light.script"
LIGHT=$(mean_light "$SHOTS/client-light.png")
[ "$LIGHT" -gt 60 ] && pass "the client is light ($LIGHT% light)" || fail "the client is not light: $LIGHT% light"
CHART=$(chart_light "$SHOTS/client-light.png")
[ "$CHART" -gt 60 ] && pass "the chart is light ($CHART% light)" || fail "the chart is not light: $CHART% light"
unset ADW_DEBUG_COLOR_SCHEME

# 3. Vietnamese: the strings a person reads
export LANGUAGE=vi
client_script "$TEST_TMP/vi.script" client-vi.png "
wait-text signin-username-error ^Hãy nhập tên đăng nhập\.$
wait-text signin-button ^Đăng _nhập$
wait-text header-subtitle ^đã kết nối tới" "
wait-text lookup-date-error ^31-02-2021 không phải là ngày có thật
wait-text lookup-button ^Tra _cứu$"
sed -i 's/^quit$/wait-text lookup-caption ^Số ca mắc mới tại Hồ Chí Minh ngày 15-12-2021$\nwait-text header-subtitle · đã đăng nhập: minh$\nquit/' "$TEST_TMP/vi.script"
sed -i 's/^wait-visible lookup-province-error$/wait-text lookup-province-error ^Không có tỉnh hay thành phố nào tên là “Atlantis”\\.$/' "$TEST_TMP/vi.script"
run_ui client-vi vc-gtk "$TEST_TMP/vi.script"

cat > "$TEST_TMP/monitor-vi.script" <<EOF
timeout 15
wait-text broker-status ^Broker đang trả lời\.$
wait-text services ^auth 1 hoạt động
wait-text events-count ^[0-9]+ sự kiện$
wait-text events \tứng dụng máy tính đã kết nối
wait-text monitor-stop ^_Dừng hệ thống…$
sleep 300
screenshot monitor-vi.png
quit
EOF
# The events since the start are the broker's history: for operators
run_ui monitor-vi vc-monitor "$TEST_TMP/monitor-vi.script" --operator-key-file="$OPERATOR_KEY"
unset LANGUAGE
finish
