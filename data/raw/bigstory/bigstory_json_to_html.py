#!/usr/bin/env python3
"""Write the items of covid19.gov.vn's big-story timeline of 26, 27 and
28-11-2021, as a crawler kept them (covid19-gov-vn-bigstory-2021-11-26-28.json,
see README.md here), as the scraper's test fixture
../../../tests/scraper/fixtures/real-timeline-bigstory-2021-11-26-28.html.

The file holds three of the crawler's items, newest first, each with the
item's stamp as the page's div.timeago carried it in its title attribute
("2021-11-28T18:12:00"), its title (div.item-bigstory-tit h3), and the
first and second paragraphs of its div.kbwscwl-content (the time window
and the list). This writes them in that markup, the one the crawler
selected: li.kbwscwl.timeline-item > div.item-bigstory > (div.timeago,
div.item-bigstory-tit > h3), then div.kbwscwl-content > p, p. The markup
is re-made from those selectors; the stamps and words are the file's, as
stored (only <, > and & escaped, and " in the attribute). The div.timeago's
own text was not kept, so it is left empty. Nothing is added, dropped or
changed.

Run: python3 bigstory_json_to_html.py          (rewrites the fixture)
     python3 bigstory_json_to_html.py --check  (compares, writes nothing)"""
import html
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ITEMS = os.path.join(HERE, "covid19-gov-vn-bigstory-2021-11-26-28.json")
FIXTURE = os.path.join(HERE, "..", "..", "..", "tests", "scraper", "fixtures",
                       "real-timeline-bigstory-2021-11-26-28.html")


def items():
    with open(ITEMS, encoding="utf-8") as file:
        text = file.read().rstrip().rstrip(",")
    return json.loads("[" + text + "]")


def page():
    lines = ["<!DOCTYPE html>",
             "<!-- Real copy, see README.md: the items of 28, 27 and 26-11-2021 of covid19.gov.vn's "
             "big-story timeline as a crawler kept them (repository devanhdq/crawl_covid19, "
             "dataclean.json); each item's stamp (div.timeago's title), title and two paragraphs, "
             "in the markup the crawler selected, re-made -->",
             "<html>", "<head>", '<meta charset="utf-8">', "</head>", "<body>",
             '<ul class="kbwscw-list">']
    for item in items():
        lines += ['<li class="kbwscwl clearfix cc timeline-item">',
                  '<div class="item-bigstory">',
                  '<div class="timeago" title="%s"></div>' % html.escape(item["time"]),
                  '<div class="item-bigstory-tit"><h3>%s</h3></div>'
                  % html.escape(item["new_case"], quote=False),
                  "</div>",
                  '<div class="kbwscwl-content clearfix">',
                  "<p>%s</p>" % html.escape(item["more_detail"], quote=False),
                  "<p>%s</p>" % html.escape(item["city_case"], quote=False),
                  "</div>",
                  "</li>"]
    lines += ["</ul>", "</body>", "</html>", ""]
    return "\n".join(lines)


def main():
    text = page()
    if "--check" in sys.argv[1:]:
        with open(FIXTURE, encoding="utf-8") as file:
            same = file.read() == text
        print("fixture %s the items" % ("equals" if same else "DIFFERS FROM"))
        return 0 if same else 1
    with open(FIXTURE, "w", encoding="utf-8") as file:
        file.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
