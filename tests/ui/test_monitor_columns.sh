# test_monitor_columns - a column of the monitor's event table is resized
# by dragging the right edge of its title with the pointer (real pointer
# events from xdotool under Xvfb): the Client title widens by the drag's
# 60 px and the titles after it move by as much; the rows are laid out
# with the same widths (screenshot monitor-column-resized.png). A drag
# that starts inside a title, away from its edges, resizes nothing.
source "$(dirname "$0")/lib_ui.sh"
command -v xdotool > /dev/null || skip_all "xdotool is not installed (package xdotool)"

start_xvfb
start_ui_broker
cat > "$TEST_TMP/monitor.script" <<SCRIPT
timeout 20
wait-text broker-status ^The broker answers
wait-text events-count ^[1-9]
place events-title-3 $TEST_TMP/client-before.txt
place events-title-4 $TEST_TMP/user-before.txt
run touch $TEST_TMP/ready
wait-file $TEST_TMP/dragged
place events-title-3 $TEST_TMP/client-after.txt
place events-title-4 $TEST_TMP/user-after.txt
screenshot monitor-column-resized.png
run touch $TEST_TMP/measured
wait-file $TEST_TMP/dragged-inside
place events-title-3 $TEST_TMP/client-inside.txt
quit
SCRIPT
spawn_ui monitor vc-monitor "$TEST_TMP/monitor.script" --server="$FRONTEND" --events="$EVENTS_OUT"
MONITOR_PID=$LAST_UI_PID
cli ping > /dev/null                    # An event in the table
wait_for 20 test -f "$TEST_TMP/ready" || fail "the monitor did not show its table"

window=$(xdotool search --onlyvisible --name "COVID-19 Server Monitor" | head -1)
read -r wx wy <<< "$(xdotool getwindowgeometry "$window" | awk '/Position/ { split($2, p, ","); print p[1], p[2] }')"
read -r x y w h < "$TEST_TMP/client-before.txt"
# drag X FROM_X: press at FROM_X on the titles' row, move by X, release
drag () {
    local from=$(( wx + $2 )) at=$(( wy + y + h / 2 ))
    xdotool mousemove "$from" "$at" sleep 0.2 mousedown 1 sleep 0.2 \
        mousemove $(( from + $1 / 2 )) "$at" sleep 0.2 mousemove $(( from + $1 )) "$at" sleep 0.2 mouseup 1
}
drag 60 $(( x + w - 1 ))
touch "$TEST_TMP/dragged"
wait_for 20 test -f "$TEST_TMP/measured" || fail "the monitor did not measure the titles again"
read -r _ _ w_after _ < "$TEST_TMP/client-after.txt"
read -r ux _ _ _ < "$TEST_TMP/user-before.txt"
read -r ux_after _ _ _ < "$TEST_TMP/user-after.txt"
echo "# Client title: $w px, then $w_after px; Username from x=$ux to x=$ux_after"
[ $(( w_after - w )) -ge 57 ] && [ $(( w_after - w )) -le 63 ] \
    && pass "the Client column widened by the drag ($w to $w_after px)" \
    || fail "the Client column is $w_after px after a drag of 60 px from $w px"
[ $(( ux_after - ux )) -eq $(( w_after - w )) ] && pass "the titles after it moved by as much" \
    || fail "the Username title moved from $ux to $ux_after"
drag 60 $(( x + w_after / 2 ))
touch "$TEST_TMP/dragged-inside"
wait_ui monitor "$MONITOR_PID"
read -r _ _ w_inside _ < "$TEST_TMP/client-inside.txt"
[ "$w_inside" = "$w_after" ] && pass "a drag inside a title resizes nothing" \
    || fail "a drag inside the Client title made it $w_inside px (was $w_after)"
finish
