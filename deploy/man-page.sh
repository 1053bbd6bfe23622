#!/bin/sh
# man-page.sh PROGRAM OUT.1.gz - writes PROGRAM's man page, compressed as
# Debian wants it (gzip -9n): the program's own `--help-man` (generated
# from the option table behind --help), or, for a program without it, its
# --help text as a preformatted page. Run by the build (target man).
set -eu
program=$1
out=$2
name=$(basename "$program")
tmp="$out.tmp"
if "$program" --help-man > "$tmp" 2> /dev/null && [ -s "$tmp" ]; then
    :
else
    "$program" --help > "$tmp.help"
    upper=$(echo "$name" | tr 'a-z' 'A-Z')
    {
        echo ".TH $upper 1 \"\" \"vcovid\" \"COVID-19 lookup\""
        echo ".SH NAME"
        echo "$(echo "$name" | sed 's/-/\\-/g') \\- $(sed -n '/^$/,$p' "$tmp.help" | sed '/^$/d' | head -n 1 | sed 's/-/\\-/g')"
        echo ".SH DESCRIPTION"
        echo ".nf"
        sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" "$tmp.help"
        echo ".fi"
    } > "$tmp"
    rm -f "$tmp.help"
fi
gzip -9n < "$tmp" > "$out.gz.tmp"
rm -f "$tmp"
mv "$out.gz.tmp" "$out"
