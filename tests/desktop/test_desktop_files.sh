#!/usr/bin/env bash
# test_desktop_files - desktop/: each .desktop file passes
# desktop-file-validate, each metainfo passes appstreamcli validate, each
# icon is a well-formed SVG, and they name programs that are built and the
# application ids the programs register (the desktop file's name).
set -uo pipefail
DIR=$VC_SOURCE/desktop
failures=0
pass () { echo "ok - $*"; }
fail () { echo "FAILED - $*"; failures=$((failures + 1)); }
command -v desktop-file-validate > /dev/null || { echo "SKIP: desktop-file-utils missing"; exit 77; }
command -v appstreamcli > /dev/null || { echo "SKIP: appstream missing"; exit 77; }

for app in org.vcovid.Client:vc-gtk:client/gtk/main.c org.vcovid.Monitor:vc-monitor:client/monitor/main.c; do
    IFS=: read -r id program source <<< "$app"
    out=$(desktop-file-validate "$DIR/$id.desktop" 2>&1)
    [ -z "$out" ] && pass "$id.desktop is valid" || fail "$id.desktop: $out"
    out=$(appstreamcli validate --no-net --explain "$DIR/$id.metainfo.xml" 2>&1) \
        && pass "$id.metainfo.xml is valid" || fail "$id.metainfo.xml: $out"
    python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" \
        "$DIR/icons/hicolor/scalable/apps/$id.svg" && pass "$id.svg is well-formed" || fail "$id.svg"
    grep -qx "Icon=$id" "$DIR/$id.desktop" && pass "$id.desktop names its icon" || fail "Icon in $id.desktop"
    grep -qx "Exec=$program" "$DIR/$id.desktop" && [ -x "$VC_BIN/$program" ] \
        && pass "$id.desktop runs $program" || fail "Exec in $id.desktop or $program not built"
    grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$DIR/$id.metainfo.xml" \
        && pass "$id.metainfo.xml launches $id.desktop" || fail "launchable in $id.metainfo.xml"
    grep -q "adw_application_new (\"$id\"" "$VC_SOURCE/$source" \
        && pass "$program registers as $id" || fail "$program does not register as $id"
    grep -q "^Name\[vi\]=" "$DIR/$id.desktop" && pass "$id.desktop has a Vietnamese name" \
                                             || fail "no Name[vi] in $id.desktop"
done
echo "$failures failed"
[ "$failures" -eq 0 ]
