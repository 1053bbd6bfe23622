#!/usr/bin/env python3
"""Write items of covid19.gov.vn's big-story timeline, as a crawler kept
them (covid19-gov-vn-bigstory-*.json, see README.md here), as the
scraper's test fixtures ../../../tests/scraper/fixtures/real-timeline-bigstory-*.html:
those of 26, 27 and 28-11-2021, and the two of 04-08-2021.

Each file holds items of the crawler's, newest first, each with the
item's stamp as the page's div.timeago carried it in its title attribute
("2021-11-28T18:12:00"), its title (div.item-bigstory-tit h3), and the
first and second paragraphs of its div.kbwscwl-content (the time window
and the list; the items of 04-08-2021 have only the first, which holds
their list). This writes them in that markup, the one the crawler
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
FIXTURES = os.path.join(HERE, "..", "..", "..", "tests", "scraper", "fixtures")
PAGES = (("2021-11-26-28", "28, 27 and 26-11-2021"), ("2021-08-04", "04-08-2021 (18:20 and 05:50)"))


def items(name):
    with open(os.path.join(HERE, "covid19-gov-vn-bigstory-%s.json" % name), encoding="utf-8") as file:
        text = file.read().rstrip().rstrip(",")
    return json.loads("[" + text + "]")


def page(name, days):
    lines = ["<!DOCTYPE html>",
             "<!-- Real copy, see README.md: the items of %s of covid19.gov.vn's " % days +
             "big-story timeline as a crawler kept them (repository devanhdq/crawl_covid19, "
             "dataclean.json); each item's stamp (div.timeago's title), title and two paragraphs, "
             "in the markup the crawler selected, re-made -->",
             "<html>", "<head>", '<meta charset="utf-8">', "</head>", "<body>",
             '<ul class="kbwscw-list">']
    for item in items(name):
        lines += ['<li class="kbwscwl clearfix cc timeline-item">',
                  '<div class="item-bigstory">',
                  '<div class="timeago" title="%s"></div>' % html.escape(item["time"]),
                  '<div class="item-bigstory-tit"><h3>%s</h3></div>'
                  % html.escape(item["new_case"], quote=False),
                  "</div>",
                  '<div class="kbwscwl-content clearfix">',
                  "<p>%s</p>" % html.escape(item["more_detail"], quote=False)]
        if item["city_case"] is not None:
            lines.append("<p>%s</p>" % html.escape(item["city_case"], quote=False))
        lines += ["</div>",
                  "</li>"]
    lines += ["</ul>", "</body>", "</html>", ""]
    return "\n".join(lines)


def main():
    status = 0
    for name, days in PAGES:
        text = page(name, days)
        fixture = os.path.join(FIXTURES, "real-timeline-bigstory-%s.html" % name)
        if "--check" in sys.argv[1:]:
            with open(fixture, encoding="utf-8") as file:
                same = file.read() == text
            print("fixture %s %s the items" % (name, "equals" if same else "DIFFERS FROM"))
            status |= 0 if same else 1
            continue
        with open(fixture, "w", encoding="utf-8") as file:
            file.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
