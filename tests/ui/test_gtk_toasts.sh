# test_gtk_toasts - passing messages (toasts) that come close together, as
# a new figure and then "The other server took over" do: each replaces the
# one on show, at every spacing from 0 to 600 ms, and the program lives on
# with the newest one on screen. libadwaita 1.2 frees a toast dismissed
# while it slides in and then uses it: replacing toasts by dismissing them
# crashed the program. Screenshot: toasts.png.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
{
    echo "timeout 10"
    for gap in 0 50 100 150 200 300 400 600; do
        for n in 1 2 3; do
            echo "toast message $n after $gap ms"
            [ "$gap" -gt 0 ] && echo "sleep $gap"
        done
    done
    echo "sleep 600"
    echo "wait-text toasts ^message 3 after 600 ms\$"
    echo "screenshot toasts.png"
    echo "sleep 3500"
    echo "toast the last one"
    echo "wait-text toasts ^the last one\$"
    echo "quit"
} > "$TEST_TMP/toasts.script"
run_ui toasts vc-gtk "$TEST_TMP/toasts.script"
finish
