# test_gtk_connect_width - the Connect card keeps its width when an error
# appears under the address (an empty address, then one where no server
# answers, with a long message), in the window as it opens and in a large one:
# the script channel writes the card's allocated width before and after
# each error, and the widths must be equal. Screenshots of both windows.
source "$(dirname "$0")/lib_ui.sh"

start_xvfb
NOBODY=127.0.0.1:$(free_port)

# width_script SIZE [WIDTH HEIGHT]: measure the card, cause both errors,
# measure again after each
width_script () {
    local size=$1
    echo "timeout 20"
    [ $# -eq 3 ] && echo "resize $2 $3"
    cat <<EOF
wait-page connect
width connect-card $TEST_TMP/$size-before
set connect-address
click connect-button
wait-visible connect-address-error
width connect-card $TEST_TMP/$size-empty
set connect-address $NOBODY,$NOBODY
click connect-button
wait-text connect-address-error ^No server answers
width connect-card $TEST_TMP/$size-unreachable
screenshot connect-width-$size.png
quit
EOF
}

# (the window cannot be narrower than the lookup page it also holds)
width_script default > "$TEST_TMP/default.script"
run_ui connect-width-default vc-gtk "$TEST_TMP/default.script"
width_script large 1260 900 > "$TEST_TMP/large.script"
run_ui connect-width-large vc-gtk "$TEST_TMP/large.script"

for size in default large; do
    before=$(cat "$TEST_TMP/$size-before" 2>/dev/null)
    for error in empty unreachable; do
        after=$(cat "$TEST_TMP/$size-$error" 2>/dev/null)
        if [ -n "$before" ] && [ "$before" = "$after" ]; then
            pass "$size window: the card stays $before px wide with the $error-address error"
        else
            fail "$size window: the card was ${before:-?} px wide, ${after:-?} px with the $error-address error"
        fi
    done
done
finish
