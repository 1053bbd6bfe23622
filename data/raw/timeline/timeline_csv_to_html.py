#!/usr/bin/env python3
"""Write items of the Ministry of Health's timeline, as a crawler of
19-07-2021 kept them in moh-timeline-crawled-2021-07-19.csv (see README.md
here), as the scraper's test fixture
../../../tests/scraper/fixtures/real-timeline-moh-2021-07-06-07.html.

The CSV has one row per timeline item, newest first: the item's paragraph
on imported cases, its paragraph on domestic cases, the item's day and its
stamp ("2021-07-07 12:00:00"), and the page it was read from. This writes
the items of the chosen days in the CSV's order, each as its stamp, then
its imported-cases paragraph (when the crawler kept one), then its
domestic-cases paragraph, one <p> each, the text as stored (only <, > and
& escaped). Nothing is added, dropped or changed.

Run: python3 timeline_csv_to_html.py          (rewrites the fixture)
     python3 timeline_csv_to_html.py --check  (compares, writes nothing)"""
import csv
import html
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "moh-timeline-crawled-2021-07-19.csv")
FIXTURE = os.path.join(HERE, "..", "..", "..", "tests", "scraper", "fixtures",
                       "real-timeline-moh-2021-07-06-07.html")
DAYS = ("2021-07-07", "2021-07-06")


def page():
    with open(CSV, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    lines = ["<!DOCTYPE html>",
             "<!-- Real copy, see README.md: the items of %s of the Ministry of Health's "
             "timeline (ncov.moh.gov.vn/dong-thoi-gian) as a crawler kept them on 19-07-2021, "
             "repository truongan/T4C-news-parsing-regex, crawled.csv; each item's stamp, "
             "imported-cases and domestic-cases paragraphs, one per <p> -->" % " and ".join(DAYS),
             "<html>", "<head>", '<meta charset="utf-8">', "</head>", "<body>", "<article>"]
    for row in rows:
        if row["date"] not in DAYS:
            continue
        for field in ("time", "immigrant", "domestic"):
            if row[field]:
                lines.append("<p>%s</p>" % html.escape(row[field], quote=False))
    lines += ["</article>", "</body>", "</html>", ""]
    return "\n".join(lines)


def main():
    text = page()
    if "--check" in sys.argv[1:]:
        with open(FIXTURE, encoding="utf-8") as file:
            same = file.read() == text
        print("fixture %s the CSV" % ("equals" if same else "DIFFERS FROM"))
        return 0 if same else 1
    with open(FIXTURE, "w", encoding="utf-8") as file:
        file.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
