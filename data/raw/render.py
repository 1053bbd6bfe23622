#!/usr/bin/env python3
"""Render the shipped snapshot (../snapshot/*.csv) into the three source
shapes, so that an offline import runs through the same parsers as a live
scrape (see data/sources-offline.conf and SOURCE-SHAPES.md here).

Every figure comes from the snapshot; nothing is added. The pages are laid
out like the sources were, but they are renderings, not copies of them.
Run: python3 render.py  (deterministic; rewrites the pages in this folder)."""
import csv
import json
import os
from collections import defaultdict
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOT = os.path.join(HERE, "..", "snapshot")
FIRST_DAY, LAST_DAY = "2021-12-01", "2022-01-21"

NAMES = {
    1: "Hà Nội", 2: "Hà Giang", 4: "Cao Bằng", 6: "Bắc Kạn", 8: "Tuyên Quang", 10: "Lào Cai",
    11: "Điện Biên", 12: "Lai Châu", 14: "Sơn La", 15: "Yên Bái", 17: "Hòa Bình",
    19: "Thái Nguyên", 20: "Lạng Sơn", 22: "Quảng Ninh", 24: "Bắc Giang", 25: "Phú Thọ",
    26: "Vĩnh Phúc", 27: "Bắc Ninh", 30: "Hải Dương", 31: "Hải Phòng", 33: "Hưng Yên",
    34: "Thái Bình", 35: "Hà Nam", 36: "Nam Định", 37: "Ninh Bình", 38: "Thanh Hóa",
    40: "Nghệ An", 42: "Hà Tĩnh", 44: "Quảng Bình", 45: "Quảng Trị", 46: "Thừa Thiên Huế",
    48: "Đà Nẵng", 49: "Quảng Nam", 51: "Quảng Ngãi", 52: "Bình Định", 54: "Phú Yên",
    56: "Khánh Hòa", 58: "Ninh Thuận", 60: "Bình Thuận", 62: "Kon Tum", 64: "Gia Lai",
    66: "Đắk Lắk", 67: "Đắk Nông", 68: "Lâm Đồng", 70: "Bình Phước", 72: "Tây Ninh",
    74: "Bình Dương", 75: "Đồng Nai", 77: "Bà Rịa - Vũng Tàu", 79: "TP. Hồ Chí Minh",
    80: "Long An", 82: "Tiền Giang", 83: "Bến Tre", 84: "Trà Vinh", 86: "Vĩnh Long",
    87: "Đồng Tháp", 89: "An Giang", 91: "Kiên Giang", 92: "Cần Thơ", 93: "Hậu Giang",
    94: "Sóc Trăng", 95: "Bạc Liêu", 96: "Cà Mau",
}

HEAD = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{title}</title>
</head>
<body>
"""
FOOT = "</body>\n</html>\n"


def vn(number):
    return f"{number:,}".replace(",", ".")


def load():
    daily = defaultdict(dict)
    with open(os.path.join(SNAPSHOT, "daily_cases.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            #  The pages cover the days every province reported
            if FIRST_DAY <= row["date"] <= LAST_DAY:
                daily[row["date"]][int(row["province_code"])] = int(row["new_cases"])
    totals = {}
    with open(os.path.join(SNAPSHOT, "totals.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            totals[(row["as_of"], int(row["province_code"]))] = int(row["total_cases"])
    return daily, totals


def dmy(iso):
    day = date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def case_list(counts):
    pairs = [(NAMES[code], n) for code, n in sorted(counts.items(), key=lambda c: (-c[1], c[0])) if n > 0]
    items = [f"{name} ({vn(n)})" for name, n in pairs]
    if len(items) > 1:
        return len(items), ", ".join(items[:-1]) + " và " + items[-1]
    return len(items), "".join(items)


def timeline(daily):
    out = [HEAD.format(title="Dòng thời gian")]
    out.append('<ul class="timeline">\n')
    for iso in sorted(daily, reverse=True):
        count, text = case_list(daily[iso])
        total = sum(daily[iso].values())
        out.append(f'<li>\n<h3>{dmy(iso)}</h3>\n<p>THÔNG BÁO VỀ {vn(total)} CA MẮC MỚI</p>\n'
                   f'<p>Các ca nhiễm mới ghi nhận tại {count} tỉnh, thành phố: {text}.</p>\n</li>\n')
    out.append("</ul>\n" + FOOT)
    return "".join(out)


def bulletin(daily, iso):
    count, text = case_list(daily[iso])
    day = date.fromisoformat(iso)
    title = f"Ngày {day.day}/{day.month}: Có {vn(sum(daily[iso].values()))} ca mắc COVID-19 mới tại {count} tỉnh, thành phố"
    return (HEAD.format(title=title).replace(
        "</head>", f'<meta property="article:published_time" content="{iso}T19:00:00+07:00">\n</head>')
        + f"<article>\n<h1>{title}</h1>\n<p>Các ca nhiễm mới ghi nhận tại {count} tỉnh, thành phố: {text}.</p>\n"
        + "</article>\n" + FOOT)


def totals_table(daily, totals, iso):
    codes = sorted((c for a, c in totals if a == iso), key=lambda c: -totals[(iso, c)])
    out = [HEAD.format(title="Tình hình dịch COVID-19 theo địa phương")]
    out.append(f'<p>Cập nhật ngày {dmy(iso)}</p>\n<table>\n<thead><tr><th>STT</th>'
               '<th>Tỉnh/Thành phố</th><th>Tổng số ca</th><th>Hôm nay</th></tr></thead>\n<tbody>\n')
    for index, code in enumerate(codes, 1):
        out.append(f'<tr><td>{index}</td><td>{NAMES[code]}</td><td>{vn(totals[(iso, code)])}</td>'
                   f'<td>+{vn(daily[iso][code])}</td></tr>\n')
    out.append("</tbody>\n</table>\n" + FOOT)
    return "".join(out)


def feed(daily, totals, iso):
    codes = sorted((c for a, c in totals if a == iso), key=lambda c: -totals[(iso, c)])
    items = [{"name": NAMES[c].replace("TP. ", ""), "cases": totals[(iso, c)],
              "casesToday": daily[iso][c], "lastUpdate": iso + " 18:00:00"} for c in codes]
    return "[\n" + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n]\n"


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def main():
    daily, totals = load()
    write("snapshot-timeline-2021-12-01-2022-01-21.html", timeline(daily))
    write("snapshot-bulletin-2021-12-15.html", bulletin(daily, "2021-12-15"))
    write("snapshot-totals-2022-01-01.html", totals_table(daily, totals, "2022-01-01"))
    write("snapshot-feed-2022-01-01.json", feed(daily, totals, "2022-01-01"))


if __name__ == "__main__":
    main()
