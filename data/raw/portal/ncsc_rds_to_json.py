#!/usr/bin/env python3
"""Write the national portal's province list of 19-09-2021, kept in
covidregionaldata-Vietnam_level_1.rds (see README.md here), back as the JSON
array the portal served at https://covid19.ncsc.gov.vn/api/v3/covid/provinces,
for the scraper's test fixture
../../../tests/scraper/fixtures/real-feed-ncsc-provinces-2021-09-19.json;
and its reply to /provinces?filter_type=case_by_time of the same evening as
real-feed-ncsc-case-by-time-2021-09-19.json.

The .rds file is R's serialization (gzip, XDR) of what an R package read from
the portal: a list of four data frames, "case_by_time", "death_by_time",
"recovered_by_time" and "provinces". "provinces" is the /provinces reply as
jsonlite made a data frame of it: one column per member, in the members'
order, one row per array item, in the array's order. This writes one object
per row with the members in column order: integers as integers, reals with
Python's shortest repr (so 15.0 is written "15.0"; the portal's own writing
of such a number is not kept by R), strings as stored (UTF-8, not escaped).
Nothing else is changed: no value is computed, added or dropped.

"case_by_time" is a one-column data frame ("data", the package's tibble()
around what jsonlite read): a list named by the portal's province ids, each
a list of one-integer vectors named by d/m/yyyy dates. jsonlite makes such
named lists only of JSON objects (an array would have no names), so the
reply was an object of objects, {"1": {"18/3/2020": 0, ...}, "2": ...};
sjbeckett/localcovid19now's reader of the same address takes names(data) as
the province ids. This writes that object, members in the kept order,
integers as integers, without spaces (the portal's spacing is not kept).

Only the few R types such a file uses are read (vectors, lists, pairlist
attributes, compact integer sequences); anything else stops the run.

Run: python3 ncsc_rds_to_json.py          (rewrites the fixtures)
     python3 ncsc_rds_to_json.py --check  (compares, writes nothing)"""
import gzip
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RDS = os.path.join(HERE, "covidregionaldata-Vietnam_level_1.rds")
FIXTURES = os.path.join(HERE, "..", "..", "..", "tests", "scraper", "fixtures")
FIXTURE = os.path.join(FIXTURES, "real-feed-ncsc-provinces-2021-09-19.json")
SERIES = os.path.join(FIXTURES, "real-feed-ncsc-case-by-time-2021-09-19.json")

NILVALUE, REFSXP, CHARSXP, STRSXP, VECSXP, ALTREP = 254, 255, 9, 16, 19, 238
SYMSXP, LISTSXP = 1, 2
LGLSXP, INTSXP, REALSXP = 10, 13, 14
NA_INTEGER = -2147483648


class Reader:
    """R's XDR serialization, version 2 or 3."""

    def __init__(self, data):
        self.data, self.pos, self.refs = data, 0, []

    def take(self, size):
        chunk = self.data[self.pos:self.pos + size]
        if len(chunk) != size:
            raise ValueError("file ends inside an item")
        self.pos += size
        return chunk

    def int(self):
        return struct.unpack(">i", self.take(4))[0]

    def real(self):
        return struct.unpack(">d", self.take(8))[0]

    def item(self):
        flags = self.int()
        kind = flags & 0xFF
        has_attr, has_tag = flags & (1 << 9), flags & (1 << 10)
        if kind == NILVALUE:
            return None
        if kind == REFSXP:
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind == SYMSXP:
            symbol = ("symbol", self.item())
            self.refs.append(symbol)
            return symbol
        if kind == LISTSXP:
            attr = self.item() if has_attr else None
            tag = self.item() if has_tag else None
            head = [(tag[1] if tag else None, self.item())]
            rest = self.item()
            return {"pairs": head + (rest["pairs"] if rest else []), "attr": attr}
        if kind == CHARSXP:
            size = self.int()
            return None if size == -1 else self.take(size).decode("utf-8")
        if kind == ALTREP:
            info, state, attr = self.item(), self.item(), self.item()
            if info["pairs"][0][1][1] != "compact_intseq":
                raise ValueError("unsupported compact vector")
            count, start, step = state["values"]
            return {"values": [int(start + k * step) for k in range(int(count))], "attr": attr}
        if kind in (LGLSXP, INTSXP):
            values = [self.int() for _ in range(self.int())]
            values = [None if v == NA_INTEGER else v for v in values]
        elif kind == REALSXP:
            values = [self.real() for _ in range(self.int())]
        elif kind in (STRSXP, VECSXP):
            values = [self.item() for _ in range(self.int())]
        else:
            raise ValueError("unsupported R type %d at byte %d" % (kind, self.pos))
        return {"values": values, "attr": self.item() if has_attr else None, "kind": kind}


def load(path):
    reader = Reader(gzip.open(path).read())
    if reader.take(2) != b"X\n":
        raise ValueError("not an XDR serialization")
    version = reader.int()
    reader.int(), reader.int()
    if version == 3:
        reader.take(reader.int())
    return reader.item()


def attribute(item, name):
    for key, value in (item["attr"] or {"pairs": []})["pairs"]:
        if key == name:
            return value
    return None


def provinces_json(path):
    top = load(path)
    names = attribute(top, "names")["values"]
    frame = top["values"][names.index("provinces")]
    columns = attribute(frame, "names")["values"]
    rows = len(frame["values"][0]["values"])
    items = []
    for row in range(rows):
        item = {}
        for column, vector in zip(columns, frame["values"]):
            value = vector["values"][row]
            if vector["kind"] == VECSXP:
                raise ValueError("nested member %s" % column)
            item[column] = value
        items.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
    return "[" + ",".join(items) + "]\n"


def case_by_time_json(path):
    top = load(path)
    names = attribute(top, "names")["values"]
    frame = top["values"][names.index("case_by_time")]
    if attribute(frame, "names")["values"] != ["data"]:
        raise ValueError("case_by_time is not one column 'data'")
    column = frame["values"][0]
    series = {}
    for portal, dates in zip(attribute(column, "names")["values"], column["values"]):
        counts = {}
        for date, vector in zip(attribute(dates, "names")["values"], dates["values"]):
            if vector["kind"] != INTSXP or len(vector["values"]) != 1:
                raise ValueError("%s %s is not one integer" % (portal, date))
            counts[date] = vector["values"][0]
        series[portal] = counts
    return json.dumps(series, ensure_ascii=False, separators=(",", ":")) + "\n"


def main():
    outputs = ((FIXTURE, provinces_json(RDS)), (SERIES, case_by_time_json(RDS)))
    if "--check" in sys.argv[1:]:
        same = True
        for path, text in outputs:
            with open(path, encoding="utf-8") as file:
                equal = file.read() == text
            print("%s %s the .rds" % (os.path.basename(path),
                                      "equals" if equal else "DIFFERS FROM"))
            same = same and equal
        return 0 if same else 1
    for path, text in outputs:
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
