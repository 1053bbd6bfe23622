#!/usr/bin/env python3
"""Turn the national portal's per-province series (covid.csv, death.csv in
this folder, copied byte for byte; see README.md here) into the shipped
snapshot ../../snapshot/daily_cases.csv, and check it.

Every step is listed in data/SOURCES.md. In short:
  - wide (one row per portal id, one column per d/m/yyyy date) to long rows
    date,province_code,new_cases,deaths with ISO dates and GSO codes;
  - 18/3/2020 .. 21/1/2022; the 22/1/2022 column is dropped (captured
    before that day's bulletin, 0 everywhere);
  - an empty cell, or a date that has no column, is "not reported": no row
    (never 0); the same cells are empty in both files, and a row is written
    only where both files have a figure;
  - 'N.0' (pandas' float writing of a column with an empty cell) is read as
    N; anything else that is not a whole non-negative number stops the run;
  - 13/12/2021: new cases of every province are the Ministry bulletin's
    (the figures the previous snapshot already held; SOURCES.md says why),
    deaths stay as the portal has them;
  - two cells whose meaning is not a day's new cases are refused (the
    province-day becomes "not reported"): Kiên Giang 28/9/2021 (49,170) and
    Cà Mau 25/10/2021 (151,919), see REFUSED.

Run: python3 make_snapshot.py  (deterministic; rewrites daily_cases.csv).
     python3 make_snapshot.py --check  (compares, writes nothing)."""
import csv
import os
import re
import sys
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOT = os.path.join(HERE, "..", "..", "snapshot")
FIRST, LAST = date(2020, 3, 18), date(2022, 1, 21)
BULLETIN_DAY = date(2021, 12, 13)

#  (day, GSO code): new cases of one day that cannot be one day's cases:
#  each is many times the province's whole published total less the rest of
#  its series, and 200 to 1,900 times its days around (SOURCES.md has the
#  figures). Refused, not corrected: the day is "not reported".
REFUSED = {
    (date(2021, 9, 28), 91): 49170,       #  Kiên Giang
    (date(2021, 10, 25), 96): 151919,     #  Cà Mau
}

#  Portal province id -> GSO code (names from the portal's own province list,
#  ncsc-provinces-via-sjbeckett-localcovid19now.csv here)
PORTAL_TO_GSO = {
    1: 1, 2: 79, 3: 31, 4: 48, 5: 2, 6: 4, 7: 12, 8: 10, 9: 8, 10: 20,
    11: 6, 12: 19, 13: 15, 14: 14, 15: 25, 16: 26, 17: 22, 18: 24, 19: 27,
    21: 30, 22: 33, 23: 17, 24: 35, 25: 36, 26: 34, 27: 37, 28: 38, 29: 40,
    30: 42, 31: 44, 32: 45, 33: 46, 34: 49, 35: 51, 36: 62, 37: 52, 38: 64,
    39: 54, 40: 66, 41: 56, 42: 68, 43: 70, 44: 74, 45: 58, 46: 72, 47: 60,
    48: 75, 49: 80, 50: 87, 51: 89, 52: 77, 53: 82, 54: 91, 55: 92, 56: 83,
    57: 86, 58: 84, 59: 94, 60: 95, 61: 96, 62: 11, 63: 67, 64: 93,
}


def parse_cell(text, where):
    """A cell: None when empty, else a whole non-negative number."""
    if text == "":
        return None
    match = re.fullmatch(r"(\d+)(\.0)?", text)
    if not match:
        sys.exit(f"{where}: '{text}' is not a whole non-negative number")
    return int(match.group(1))


def read_wide(name):
    """{(day, gso_code): value or None}, the list of column dates"""
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    if header[0] != "id":
        sys.exit(f"{name}: first column must be 'id'")
    days = []
    for text in header[1:]:
        d, m, y = (int(x) for x in text.split("/"))
        days.append(date(y, m, d))
    if days != sorted(days) or len(set(days)) != len(days):
        sys.exit(f"{name}: dates are not in order")
    cells = {}
    seen = set()
    for row in rows[1:]:
        portal = int(row[0])
        code = PORTAL_TO_GSO[portal]
        if code in seen:
            sys.exit(f"{name}: province {code} twice")
        seen.add(code)
        if len(row) != len(header):
            sys.exit(f"{name}: row {portal} has {len(row)} cells")
        for day, text in zip(days, row[1:]):
            cells[(day, code)] = parse_cell(text, f"{name} id {portal} {day}")
    if len(seen) != 63:
        sys.exit(f"{name}: {len(seen)} provinces, expected 63")
    return cells, days


def bulletin_day():
    """New cases of 13/12/2021 from the previous snapshot (bulletin figures)"""
    out = {}
    with open(os.path.join(HERE, "bulletin-2021-12-13.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[int(row["province_code"])] = int(row["new_cases"])
    if len(out) != 63:
        sys.exit("bulletin-2021-12-13.csv must list 63 provinces")
    return out


def build():
    cases, days = read_wide("covid.csv")
    deaths, days2 = read_wide("death.csv")
    if days != days2:
        sys.exit("covid.csv and death.csv have different dates")
    bulletin = bulletin_day()
    rows = []
    for day in days:
        if day < FIRST or day > LAST:
            continue
        for code in sorted(set(c for (_, c) in cases)):
            new, dead = cases[(day, code)], deaths[(day, code)]
            if (new is None) != (dead is None):
                sys.exit(f"{day} {code}: one file has a figure, the other not")
            if new is None:
                continue
            if (day, code) in REFUSED:
                if REFUSED [(day, code)] != new:
                    sys.exit(f"{day} {code}: expected the refused {REFUSED [(day, code)]}, found {new}")
                continue
            if day == BULLETIN_DAY:
                new = bulletin[code]
            rows.append((day.isoformat(), f"{code:02d}", new, dead))
    return rows


def main():
    rows = build()
    path = os.path.join(SNAPSHOT, "daily_cases.csv")
    lines = ["date,province_code,new_cases,deaths"]
    lines += [f"{d},{c},{n},{k}" for d, c, n, k in rows]
    text = "\n".join(lines) + "\n"
    if "--check" in sys.argv:
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{path} differs from what the source files give")
        print(f"{path}: {len(rows)} rows, as the source files give")
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path}: {len(rows)} rows")


if __name__ == "__main__":
    main()
