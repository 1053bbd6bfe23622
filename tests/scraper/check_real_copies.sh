#!/usr/bin/env bash
# check_real_copies - the real copies kept in data/raw/ are byte for byte
# what their README names (sha256), and the fixtures written from them (and
# the variants written from the fixtures) are exactly what their writers
# give (--check).
set -uo pipefail
status=0
check_sum () {      # FILE SHA256
    local sum
    sum=$(sha256sum "$VC_SOURCE/$1" | cut -d' ' -f1)
    if [ "$sum" = "$2" ]; then echo "PASS: $1 is the copy its README names"
    else echo "FAIL: $1 has sha256 $sum, its README names $2"; status=1; fi
}
check_writer () {   # SCRIPT
    if python3 "$VC_SOURCE/$1" --check; then echo "PASS: $1 --check"
    else echo "FAIL: $1 --check"; status=1; fi
}
check_sum data/raw/portal/covidregionaldata-Vietnam_level_1.rds \
          d850ff2357a78fec281c282802bb8b037add6fe5a5ae3e9d471743db8745a6d1
check_sum data/raw/timeline/moh-timeline-crawled-2021-07-19.csv \
          143ca11ace193f5d146d513ca102712a3850b9af214e7d224acfc4cc578eb897
check_sum data/raw/bigstory/covid19-gov-vn-bigstory-2021-11-26-28.json \
          8d7f7e4f87a25ec0d5cbfba3ba2f9b1444d2fb95497adae60aec3c8314145c33
check_sum data/raw/bigstory/covid19-gov-vn-bigstory-2021-08-04.json \
          4cc78d976bbf850373ff17c1cbca26fdd60cff08069c4309d2bf81c7a61bcd3f
check_sum tests/scraper/fixtures/real-bulletin-thanhnien-2021-07-23.html \
          f9f49ec65ccaa07668279a9ee46ebcaa388a1f8b4278e6a1677e345deb2f4f1e
check_sum tests/scraper/fixtures/real-bulletin-vietnamplus-2021-07-25.html \
          fdc053c8cf4e27a56a36fcab73d62823e6b47831e23db57e989d98bf65e1330c
check_sum tests/scraper/fixtures/real-bulletin-viettimes-2021-07-20.html \
          970409c1362fbda6fb241d0427d9fa30ce6555f6ee611ee6184ccf9ed278ddfb
check_sum tests/scraper/fixtures/real-bulletin-viettimes-2021-08-04-cut.html \
          747b0d9b842be60f1265d61e297bdb69a45f6491630dde92f6d5c2baff38d738
check_sum tests/scraper/fixtures/real-bulletin-vtc-2021-08-05.html \
          93e906f190da186efbdcf1f32be90047459d80ad1a44535fe188914f55f21d40
check_sum tests/scraper/fixtures/real-bulletin-soha-2021-08-05.html \
          fe874d7c14091fbe600ee82bce652b142783cb9f4d31a79a9c78ac6ba86c0ffa
check_sum tests/scraper/fixtures/real-bulletin-baovephapluat-2021-08-10.html \
          8446ea1ab3f927590b7374bff3017d74288578f2e66fefcbf90c4f1d73548198
check_sum tests/scraper/fixtures/real-feed-vncdc-report-epi-longan-2021-11-20.json \
          745a9b75300ce85a330d85ea651185057421552881a8252701f50088326521db
check_writer data/raw/portal/ncsc_rds_to_json.py
check_writer data/raw/timeline/timeline_csv_to_html.py
check_writer data/raw/bigstory/bigstory_json_to_html.py
check_writer tests/scraper/fixtures/make_variants.py
exit $status
