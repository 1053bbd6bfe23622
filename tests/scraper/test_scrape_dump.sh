#!/usr/bin/env bash
# test_scrape_dump - vc-scrape-dump, the operators' check of a source, over
# HTTP on 127.0.0.1 against real copies: the verdict of an accepted page,
# and a refusal's reason printed whole (the reasons that quote a page's
# lead-in run past 256 bytes), with the exit status of each.
source "$(dirname "$0")/scraper_lib.sh"

check "--help" 0 "Usage: vc-scrape-dump" "$VC_BIN/vc-scrape-dump" --help
page real-bulletin-baodongthap-2021-12-15.html
page real-bulletin-thanhnien-2021-07-23.html
start_fixture

check "a real bulletin accepted" 0 "^accepted: 61 rows, 61 provinces$" \
      "$VC_BIN/vc-scrape-dump" -q -m 1 "$HTTP/pages/real-bulletin-baodongthap-2021-12-15.html" bulletin_html
check "a long reason printed whole" 1 \
      "^rejected: the list after '.*' is the Ministry's count of 2021-07-23; .*which books those cases on other days: not stored$" \
      "$VC_BIN/vc-scrape-dump" -q -m 1 "$HTTP/pages/real-bulletin-thanhnien-2021-07-23.html" bulletin_html
check "a page that is not there" 2 "404" \
      "$VC_BIN/vc-scrape-dump" -q -r 0 "$HTTP/pages/none.html" bulletin_html

finish
