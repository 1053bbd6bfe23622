#!/usr/bin/env python3
"""Make the shipped ../../snapshot/population.csv (province_code,population:
the resident population of each of the 63 provinces on 1 April 2019) from
Table 1 (Biểu 1) of the General Statistics Office's completed results of the
2019 census ("Kết quả toàn bộ Tổng điều tra dân số và nhà ở năm 2019"), as
transcribed district by district in vn_pop_dist.csv here (copied byte for
byte; README.md here says from where).

The table gives every district's population; a province's population is the
sum of its districts' rows (the table has no other rows, so nothing is left
out or counted twice). Before writing anything the run checks that:
  - every row is whole and consistent (total = male + female = urban + rural,
    and likewise within urban and rural);
  - there are 712 districts in exactly the 63 provinces of the table below;
  - the 63 provinces add up to the census's national figures: 96,208,984
    people, 47,881,061 male, 48,327,923 female;
  - the four regions published with the census add up: Red River Delta
    22,543,607; North Central and Central Coast 20,187,293; South East
    17,828,907; Central Highlands 5,842,681;
  - the 32 provinces whose figure was also found reprinted with the census
    as its source (SOURCES.md lists the reprints) are equal.
Any failure stops the run and writes nothing.

Run: python3 make_population.py  (deterministic; rewrites population.csv).
     python3 make_population.py --check  (compares, writes nothing)."""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "..", "snapshot", "population.csv")
SOURCE = os.path.join(HERE, "vn_pop_dist.csv")
COUNTS = ("total", "total_male", "total_female", "total_urban",
          "total_urban_male", "total_urban_female", "total_rural",
          "total_rural_male", "total_rural_female")
DISTRICTS = 712

#  The table's English province name -> GSO province code
GSO_CODE = {
    "Ha Noi": 1, "Ha Giang": 2, "Cao Bang": 4, "Bac Kan": 6,
    "Tuyen Quang": 8, "Lao Cai": 10, "Dien Bien": 11, "Lai Chau": 12,
    "Son La": 14, "Yen Bai": 15, "Hoa Binh": 17, "Thai Nguyen": 19,
    "Lang Son": 20, "Quang Ninh": 22, "Bac Giang": 24, "Phu Tho": 25,
    "Vinh Phuc": 26, "Bac Ninh": 27, "Hai Duong": 30, "Hai Phong": 31,
    "Hung Yen": 33, "Thai Binh": 34, "Ha Nam": 35, "Nam Dinh": 36,
    "Ninh Binh": 37, "Thanh Hoa": 38, "Nghe An": 40, "Ha Tinh": 42,
    "Quang Binh": 44, "Quang Tri": 45, "Thua Thien Hue": 46, "Da Nang": 48,
    "Quang Nam": 49, "Quang Ngai": 51, "Binh Dinh": 52, "Phu Yen": 54,
    "Khanh Hoa": 56, "Ninh Thuan": 58, "Binh Thuan": 60, "Kon Tum": 62,
    "Gia Lai": 64, "Dak Lak": 66, "Dak Nong": 67, "Lam Dong": 68,
    "Binh Phuoc": 70, "Tay Ninh": 72, "Binh Duong": 74, "Dong Nai": 75,
    "Ba Ria - Vung Tau": 77, "Ho Chi Minh": 79, "Long An": 80,
    "Tien Giang": 82, "Ben Tre": 83, "Tra Vinh": 84, "Vinh Long": 86,
    "Dong Thap": 87, "An Giang": 89, "Kien Giang": 91, "Can Tho": 92,
    "Hau Giang": 93, "Soc Trang": 94, "Bac Lieu": 95, "Ca Mau": 96,
}

NATIONAL = {"total": 96208984, "total_male": 47881061, "total_female": 48327923}

#  Regions as the census report gives them (GSO codes), with its figures
REGIONS = {
    "Red River Delta": (22543607, (1, 26, 27, 22, 30, 31, 33, 34, 35, 36, 37)),
    "North Central and Central Coast": (20187293, (38, 40, 42, 44, 45, 46, 48,
                                                   49, 51, 52, 54, 56, 58, 60)),
    "South East": (17828907, (70, 72, 74, 75, 77, 79)),
    "Central Highlands": (5842681, (62, 64, 66, 67, 68)),
}

#  Figures found reprinted with the 2019 census as their source (SOURCES.md)
REPRINTED = {
    1: 8053663, 2: 854679, 4: 530341, 6: 313905, 10: 730420, 11: 598856,
    24: 1803950, 27: 1368840, 30: 1892254, 31: 2028514, 34: 1860447,
    35: 852800, 36: 1780393, 38: 3640128, 40: 3327791, 42: 1288866,
    52: 1486918, 60: 1230808, 64: 1513847, 66: 1869322, 67: 622168,
    70: 994679, 74: 2426561, 75: 3097107, 77: 1148313, 79: 8993082,
    82: 1764185, 83: 1288463, 87: 1599504, 89: 1908352, 95: 907236,
    96: 1194476,
}


def fail(message):
    sys.exit("make_population: " + message)


def read_rows():
    """The table's rows, each checked; counts as integers."""
    rows = []
    with open(SOURCE, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = "vn_pop_dist.csv line %d" % number
            try:
                count = {key: int(row[key]) for key in COUNTS}
            except (KeyError, TypeError, ValueError):
                fail(where + ": a count is missing or not a whole number")
            if min(count.values()) < 0 or count["total"] == 0:
                fail(where + ": a count is negative or the total is 0")
            sums = (("total", "total_male", "total_female"),
                    ("total", "total_urban", "total_rural"),
                    ("total_urban", "total_urban_male", "total_urban_female"),
                    ("total_rural", "total_rural_male", "total_rural_female"))
            for whole, left, right in sums:
                if count[whole] != count[left] + count[right]:
                    fail("%s: %s is not %s + %s" % (where, whole, left, right))
            name = row["province_en"].replace("\u00a0", " ").strip()
            if name not in GSO_CODE:
                fail(where + ": unknown province " + repr(name))
            rows.append((GSO_CODE[name], row["district_code"], count))
    return rows


def build():
    """Province code -> population, after every check above."""
    rows = read_rows()
    if len(rows) != DISTRICTS or len({row[1] for row in rows}) != DISTRICTS:
        fail("expected %d districts with distinct codes, got %d rows"
             % (DISTRICTS, len(rows)))
    province = {}
    for code, _, count in rows:
        province[code] = province.get(code, 0) + count["total"]
    if sorted(province) != sorted(GSO_CODE.values()):
        fail("the table does not cover exactly the 63 provinces")
    for key, want in NATIONAL.items():
        got = sum(row[2][key] for row in rows)
        if got != want:
            fail("national %s is %d, the census says %d" % (key, got, want))
    for region, (want, codes) in REGIONS.items():
        got = sum(province[code] for code in codes)
        if got != want:
            fail("%s adds up to %d, the census says %d" % (region, got, want))
    for code, want in REPRINTED.items():
        if province[code] != want:
            fail("province %02d is %d, its reprint says %d"
                 % (code, province[code], want))
    return province


def render(province):
    lines = ["province_code,population"]
    lines += ["%02d,%d" % (code, province[code]) for code in sorted(province)]
    return "\n".join(lines) + "\n"


def main():
    text = render(build())
    if "--check" in sys.argv:
        with open(OUTPUT, encoding="utf-8") as handle:
            if handle.read() != text:
                fail("population.csv differs from what the table gives")
        print("make_population: population.csv is what the table gives "
              "(63 provinces, 96,208,984 people)")
        return
    with open(OUTPUT, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    print("make_population: wrote 63 provinces to population.csv")


if __name__ == "__main__":
    main()
