# test_monitor_words - the monitor speaks the person's language in every
# column, the Detail of the services' events included. The real broker,
# auth, data and scraper services make events of every kind (sign-ups,
# refused and accepted sign-ins, every data operation found and not
# found, a scrape into the data service's store with its new-figures
# events, services leaving and joining, clients leaving); then a monitor
# opened late shows them all from the broker's history, once in English
# and once in Vietnamese (LANGUAGE=vi), at its default window size. Every
# row's Detail must read differently in Vietnamese than in English: the
# same text in both is an English detail shown to a Vietnamese reader.
# The scraper's reasons for refusing real pages included, and vc-cli's
# scrape-status the same way, line by line.
# No column title may be cut short ("Tên đăng nhập"), nor an action's
# words ("đăng nhập bị từ chối"), in either language.
source "$(dirname "$0")/lib_ui.sh"
have_services || skip_all "vc-auth-svc or vc-data-svc not built"
[ -x "$VC_BIN/vc-scraper-svc" ] || skip_all "vc-scraper-svc not built"

start_xvfb
echo "operator-key-for-tests-$$" > "$TEST_TMP/operator.key"
start_ui_broker --services=auth,data,scraper --operator-key-file="$TEST_TMP/operator.key"
start_auth
# The data service on an empty store, which the scraper fills later
start_service data data "$VC_BIN/vc-data-svc" --db="$TEST_TMP/cases.db" --data-dir= --log-level=debug
DATA_PID=$LAST_SERVICE_PID

# Sign-ups and sign-ins, refused and accepted
cli signup hoa hoa-password-1 > /dev/null || fail "cannot sign up hoa"
cli signin hoa wrong-password > /dev/null 2>&1
cli signin nobody-here some-password > /dev/null 2>&1
# Every operation on the empty store (no data), then after the scrape
lookups () {
    printf '%s\n' "signin hoa hoa-password-1" "lookup HCM" "lookup Hà Nội 15-12-2021" \
        "lookup Hà Nội 32-13-2021" "series Hà Nội 01-12-2021 07-12-2021" "national" \
        "national 15-12-2021" "top 3 15-12-2021" "history Hà Nội 01-12-2021 31-12-2021 week" \
        "history national 01-12-2021 31-12-2021 month" "compare Hà Nội,Huế 01-12-2021 10-12-2021" \
        "stats Cần Thơ 15-12-2021" "lookup Atlantis" "signout" \
        | "$VC_BIN/vc-cli" shell > "$TEST_TMP/lookups-$1.out" 2>&1
}
lookups empty
# The scraper imports the offline pages into the data service's store:
# updated and unchanged sources, and the data service's new figures; and
# real pages it refuses, each for its own reason
sed "s#^url = file:raw/#url = file:$VC_SOURCE/data/raw/#" "$VC_SOURCE/data/sources-offline.conf" \
    > "$TEST_TMP/sources.conf"
refused () { # NAME FIXTURE PARSER
    printf '\n[%s]\nurl = file:%s/tests/scraper/fixtures/%s\nparser = %s\n' "$1" "$VC_SOURCE" "$2" "$3" \
        >> "$TEST_TMP/sources.conf"
}
refused grid-empty real-covid19-gov-vn-2021-11-27.html totals_html
refused announcement real-bulletin-moh-2021-05-12-announcements.html bulletin_html
refused parts-of-day real-timeline-moh-2021-07-06-07.html bulletin_html
refused ministry-count real-bulletin-thanhnien-2021-07-23.html bulletin_html
refused portal-ids real-feed-ncsc-case-by-time-2021-09-19.json feed_json
refused negative variant-feed-ncsc-provinces-2021-09-19-negative.json feed_json
refused cut-feed variant-feed-ncsc-provinces-2021-09-19-cut.json feed_json
refused cut-page variant-bulletin-baodongthap-2021-12-15-cut.html bulletin_html
refused no-year real-bulletin-thanhnien-2021-07-18-evening.html bulletin_html
start_service scraper scraper "$VC_BIN/vc-scraper-svc" --db="$TEST_TMP/cases.db" \
    --sources="$TEST_TMP/sources.conf" --data-dir= --log-level=debug
SCRAPER_PID=$LAST_SERVICE_PID
HISTORY_KEY=$(cat "$TEST_TMP/operator.key")
history_has () { cli call broker history key="$HISTORY_KEY" limit:=1000 | grep -q "$1"; }
wait_for 60 history_has "data.province" && pass "the scrape made new-figures events" \
    || fail "no new-figures events after the scrape"
lookups filled
# A service leaves and joins again; a client is lost
kill -TERM "$SCRAPER_PID"
wait_for 10 history_has "service.lost" || fail "no service.lost event"
start_service scraper2 scraper "$VC_BIN/vc-scraper-svc" --db="$TEST_TMP/cases.db" \
    --sources="$TEST_TMP/sources.conf" --data-dir= --interval-seconds=3600
LAST=$(cli call broker history key="$HISTORY_KEY" | grep -oE '"seq"=>[0-9]+, "first"' | grep -oE '[0-9]+')
[ "${LAST:-0}" -gt 20 ] && pass "$LAST events before the monitors" || fail "only ${LAST:-0} events"

# monitor_round LANG: a late monitor in LANG dumps the table from 1 to LAST
monitor_round () {
    local lang=$1
    cat > "$TEST_TMP/monitor-$lang.script" <<EOF
timeout 30
wait-text events \\n$LAST\\t
dump events $TEST_TMP/events-$lang.tsv
screenshot monitor-words-$lang.png
expect-uncut events header
expect-uncut events action-cell
expect-uncut services *
set monitor-search auth.login_failed
wait-text events-count [0-9]+ .*[0-9]+
expect-uncut events action-cell
quit
EOF
    LANGUAGE=$lang run_ui "monitor-$lang" vc-monitor "$TEST_TMP/monitor-$lang.script" \
        --operator-key-file="$TEST_TMP/operator.key"
}
monitor_round en
monitor_round vi
# The same table in the dark style, as a system preferring dark asks: the
# events' text, the counts and the broker's state stand out (WCAG 4.5).
# Its screenshot is docs/screenshots/monitor-dark.png.
cat > "$TEST_TMP/monitor-dark.script" <<EOF
timeout 30
wait-text events \\n$LAST\\t
wait-text broker-status ^The broker answers
expect-contrast events-count 4.5
expect-contrast broker-status 4.5
expect-contrast services 4.5
sleep 300
screenshot monitor-dark-events.png
quit
EOF
ADW_DEBUG_COLOR_SCHEME=prefer-dark LANGUAGE=en run_ui monitor-dark vc-monitor "$TEST_TMP/monitor-dark.script" \
    --operator-key-file="$TEST_TMP/operator.key"
# The table's text on its rows (the driver's measure takes the row stripes
# for text): the background is the most common colour of the rows, the
# text the most common colour far from it (not a stripe or a grid line:
# some channel 64 apart), the red of a failure the most common red
table_contrast () { # FILE PICK: PICK is "text" or "red"
    convert "$1" -crop 970x300+22+342 +repage -format %c histogram:info:- | sort -rn \
    | awk -v pick="$2" '
        function lum (c) { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ^ 2.4 }
        function far (a, b, c) { return (a - R > 63 || R - a > 63 || b - G > 63 || G - b > 63 || c - B > 63 || B - c > 63) }
        { split ($2, v, /[(),]/); r = v[2]; g = v[3]; b = v[4]
          if (NR == 1) { R = r; G = g; B = b; next }
          if (!far(r, g, b) || (pick == "red" && r - g < 60)) next
          l1 = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b)
          l2 = 0.2126 * lum(R) + 0.7152 * lum(G) + 0.0722 * lum(B)
          if (l1 < l2) { t = l1; l1 = l2; l2 = t }
          printf "%.2f (%s on #%02x%02x%02x)\n", (l1 + 0.05) / (l2 + 0.05), $3, R, G, B; exit }'
}
for pick in text red; do
    got=$(table_contrast "$SHOTS/monitor-dark-events.png" "$pick")
    awk -v c="${got%% *}" 'BEGIN { exit !(c >= 4.5) }' \
        && pass "dark: the table's $pick stands out: contrast $got" \
        || fail "dark: the table's $pick: contrast ${got:-none found}"
done

echo "--- the Vietnamese monitor's rows (seq, action, detail)"
awk -F'\t' 'NR > 1 { print $1 "\t" $5 "\t" $7 }' "$TEST_TMP/events-vi.tsv"

# Row by row (by seq): the Detail differs between the two languages
ENGLISH=0
while IFS=$'\t' read -r seq en vi topic; do
    if [ -n "$en" ] && [ "$en" = "$vi" ]; then
        echo "  English under Vietnamese: #$seq $topic: $vi"
        ENGLISH=$((ENGLISH + 1))
    fi
done < <(join -t $'\t' <(awk -F'\t' 'NR > 1 && $1 != "" { print $1 "\t" $7 "\t" $8 }' "$TEST_TMP/events-en.tsv" | sort -t $'\t' -k1,1) \
                       <(awk -F'\t' 'NR > 1 && $1 != "" { print $1 "\t" $7 }' "$TEST_TMP/events-vi.tsv" | sort -t $'\t' -k1,1) \
         | awk -F'\t' '{ print $1 "\t" $2 "\t" $4 "\t" $3 }')
ROWS=$(awk -F'\t' 'NR > 1 && $1 != ""' "$TEST_TMP/events-vi.tsv" | wc -l)
[ "$ROWS" -ge "$LAST" ] && pass "both monitors show the $LAST events" || fail "$ROWS rows in Vietnamese"
TOPICS=$(awk -F'\t' 'NR > 1 { sub (/[0-9]+$/, "", $8); print $8 }' "$TEST_TMP/events-vi.tsv" | sort -u | tr '\n' ' ')
echo "topics shown: $TOPICS"
for topic in auth.register auth.login auth.login_failed auth.logout data.lookup data.province. \
             scrape.updated scrape.unchanged scrape.failed service.ready service.lost client.connect client.bye; do
    case " $TOPICS " in *" $topic "*) ;; *) fail "no $topic event to check" ;; esac
done
[ "$ENGLISH" -eq 0 ] && pass "every Detail reads in Vietnamese" \
    || fail "$ENGLISH details are the same in English and Vietnamese"

# vc-cli scrape-status: each source's outcome, detail and notes in
# Vietnamese; line by line, none the same as in English
wait_for 20 bash -c "\"$VC_BIN/vc-cli\" --raw scrape-status 2>/dev/null | grep -q '\"running\"=>false'"
LANG=C LANGUAGE= cli scrape-status > "$TEST_TMP/status-en.txt" 2>&1
LANGUAGE=vi cli scrape-status > "$TEST_TMP/status-vi.txt" 2>&1
SAME=0
while IFS=$'\t' read -r en vi; do
    if [ "$en" = "$vi" ] && grep -qE "^[a-z-]+: |^[a-z-]+ +[0-9]" <<< "$en"; then
        echo "  English under Vietnamese: $vi"
        SAME=$((SAME + 1))
    fi
done < <(paste "$TEST_TMP/status-en.txt" "$TEST_TMP/status-vi.txt")
echo "--- vc-cli scrape-status in Vietnamese"
cat "$TEST_TMP/status-vi.txt"
grep -q "bị từ chối" "$TEST_TMP/status-vi.txt" && [ "$(wc -l < "$TEST_TMP/status-vi.txt")" -gt 10 ] \
    || fail "scrape-status: no refused source or too few lines"
[ "$SAME" -eq 0 ] && pass "scrape-status: every source's outcome, detail and note reads in Vietnamese" \
    || fail "scrape-status: $SAME lines the same in English and Vietnamese"
finish
