#!/usr/bin/env bash
# update.sh - refreshes the message catalogue from the sources: extracts
# every _("...") / N_("...") / vc_ngettext string of the programs people use
# into po/vcovid.pot, merges it into each po/LANG.po (new strings arrive
# untranslated, for a translator to fill in). Strings carry no source
# locations and are sorted, so that changes from several people merge.
# With --check, changes nothing and exits 1 if anything is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = "--check" ] && check=true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

po/sources.sh > "$out/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=vc_ngettext:1,2 --add-comments=Translators: --sort-output --no-location --no-wrap \
    --package-name=vcovid --msgid-bugs-address=vcovid@localhost \
    --files-from="$out/files" --output="$out/vcovid.pot"
sed -i 's/charset=CHARSET/charset=UTF-8/;/^"POT-Creation-Date:/d' "$out/vcovid.pot"

status=0
if $check; then
    # The catalogue holds exactly the sources' strings
    if ! diff <(grep -E '^msgid' "$out/vcovid.pot") <(grep -E '^msgid' po/vcovid.pot) > "$out/diff"; then
        echo "po/vcovid.pot is out of date (run po/update.sh):"; cat "$out/diff"; status=1
    fi
    for po in po/*.po; do
        if ! msgcmp --use-untranslated "$po" "$out/vcovid.pot" 2> "$out/cmp"; then
            echo "$po lacks strings of the sources:"; head -20 "$out/cmp"; status=1
        fi
        stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
        if echo "$stats" | grep -qE 'fuzzy|untranslated'; then
            echo "$po is incomplete: $stats"; status=1
        fi
    done
    exit $status
fi

cp "$out/vcovid.pot" po/vcovid.pot
for po in po/*.po; do
    msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-location \
        --sort-output --no-wrap "$po" po/vcovid.pot
    msgattrib --no-obsolete --no-wrap --sort-output -o "$po" "$po"
    sed -i '/^"POT-Creation-Date:/d' "$po"
done
echo "update: po/vcovid.pot has $(grep -c '^msgid' po/vcovid.pot) strings"
