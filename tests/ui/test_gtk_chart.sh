# test_gtk_chart - the lookup page's chart over the whole epidemic: the
# whole history arrives (18-03-2020 to 21-01-2022, with deaths; the pointer
# is first put below the window, since a chart that appears under it shows
# a hovered day), the range
# buttons (a week to the whole epidemic) centre on the looked-up day, pan
# and zoom buttons move the view, new cases / deaths switch, provinces
# compared, the value under the pointer (xdotool moves the real pointer),
# and the accessible description. Screenshots in the screenshot folder:
# chart-whole.png, chart-week.png, chart-deaths.png, chart-compare.png,
# chart-hover.png.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"

start_xvfb
start_ui_broker --services=auth,data,scraper
setup_user chartist

cat > "$TEST_TMP/chart.script" <<SCRIPT
timeout 20
resize 1280 900
run xdotool mousemove 1279 1023
$(connect_steps "$FRONTEND")
$(signin_steps chartist)
set lookup-province TP. Hồ Chí Minh
set lookup-date 15-12-2021
click lookup-button
wait-text lookup-result ^1\.270$
wait-text lookup-chart first=18-03-2020 last=21-01-2022 .*view=18-03-2020\.\.21-01-2022 hover=none figure=cases lines=Hồ Chí Minh$
wait-text lookup-chart highlight=15-12-2021
screenshot chart-whole.png
click chart-range-0
wait-text lookup-chart view=12-12-2021\.\.18-12-2021
screenshot chart-week.png
click chart-right
wait-text lookup-chart view=15-12-2021\.\.21-12-2021
click chart-zoom-out
wait-text lookup-chart view=11-12-2021\.\.24-12-2021
click chart-left
wait-text lookup-chart view=04-12-2021\.\.17-12-2021
click chart-range-2
wait-text lookup-chart view=30-10-2021\.\.29-01-2022|view=23-10-2021\.\.21-01-2022
click chart-deaths
wait-text lookup-chart figure=deaths
screenshot chart-deaths.png
click chart-cases
wait-text lookup-chart figure=cases
set chart-compare Hà Nội, Cà Mau
activate chart-compare
wait-text lookup-chart lines=Hồ Chí Minh,Hà Nội,Cà Mau$
click chart-range-4
wait-text lookup-chart view=18-03-2020\.\.21-01-2022
screenshot chart-compare.png
click chart-range-1
wait-text lookup-chart view=30-11-2021\.\.29-12-2021
run xdotool mousemove 700 700
sleep 600
wait-text lookup-chart hover=[0-9]{2}-12-2021
screenshot chart-hover.png
quit
SCRIPT
run_ui gtk-chart vc-gtk "$TEST_TMP/chart.script"
grep -q "CRITICAL" "$TEST_TMP/gtk-chart.log" \
    && fail "GTK reported a misuse: $(grep -m1 CRITICAL "$TEST_TMP/gtk-chart.log")" \
    || pass "no GTK critical warning"
for shot in chart-whole chart-week chart-deaths chart-compare chart-hover; do
    [ -s "$SHOTS/$shot.png" ] && pass "screenshot $shot" || fail "no screenshot $shot"
done
finish
