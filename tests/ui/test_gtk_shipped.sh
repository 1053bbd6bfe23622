# test_gtk_shipped - the test driver (ui_script: it runs shell commands
# from a file the environment names) is only in the test builds: the
# shipped vc-gtk and vc-monitor have none of its code or words, ignore a
# test script (with a warning) and the test builds have the driver; an
# install (cmake --install, as the Debian packages are made) holds the
# shipped programs only.
source "$(dirname "$0")/lib_ui.sh"
command -v nm > /dev/null || skip_all "nm is not installed (package binutils)"

# driver_in FILE: the driver's symbols or its output's words are in FILE
driver_in () {
    nm "$1" 2>/dev/null | grep -q -w -e ui_script_screenshot -e ui_contrast_of \
        || strings "$1" | grep -q 'ui-script: '
}

for program in vc-gtk vc-monitor; do
    [ -x "$VC_BIN/$program" ] && [ -x "$VC_UI_BIN/$program" ] \
        || { fail "$program: a build is missing"; continue; }
    driver_in "$VC_UI_BIN/$program" && pass "$program: the test build has the driver" \
                                    || fail "$program: the test build has no driver"
    driver_in "$VC_BIN/$program" && fail "$program: the shipped build holds the driver" \
                                 || pass "$program: the shipped build has no driver"
done

# A script named to a shipped program: ignored, with a warning, and no
# command of it run
start_xvfb
echo "run touch $TEST_TMP/ran" > "$TEST_TMP/touch.script"
VC_GTK_TEST_SCRIPT=$TEST_TMP/touch.script timeout 5 "$VC_BIN/vc-gtk" \
    > "$TEST_TMP/shipped.out" 2> "$TEST_TMP/shipped.log"
[ ! -e "$TEST_TMP/ran" ] && pass "the shipped vc-gtk runs no test script" \
                         || fail "the shipped vc-gtk ran a command of a test script"
grep -q "VC_GTK_TEST_SCRIPT is ignored" "$TEST_TMP/shipped.log" \
    && pass "the shipped vc-gtk says it ignores the test script" \
    || fail "no warning: $(head -3 "$TEST_TMP/shipped.log")"

# The install: the shipped programs, the same files, no test build
cmake --install "$VC_BIN/.." --prefix "$TEST_TMP/install" > "$TEST_TMP/install.log" 2>&1 \
    || fail "cmake --install failed: $(tail -3 "$TEST_TMP/install.log")"
for program in vc-gtk vc-monitor; do
    installed=$TEST_TMP/install/bin/$program
    if [ -x "$installed" ] && ! driver_in "$installed"; then
        pass "$program installed without the driver"
    else
        fail "$program: not installed, or installed with the driver"
    fi
done
found=$(grep -c -e "tests/ui" "$TEST_TMP/install.log")
[ "$found" -eq 0 ] && pass "nothing of tests/ui installed" || fail "$found files of tests/ui installed"
finish
