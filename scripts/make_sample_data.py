"""Write the bundled sample in data/raw/ (run once; data/raw is then treated as immutable).

The yearly and January-September figures of 永修县 are the seed document's; every monthly
split, and all of 武宁县, is invented (see data/raw/README.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
TYPES = ("invention", "utility_model", "design")
ZH_TYPE = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
ZH_MEASURE = {"applications": "专利申请量", "grants": "专利授权量"}
# Filing picks up in spring and towards the year end, dips at the Spring Festival.
SEASON = np.array([0.8, 0.5, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.6])

# (January-September, full year) per region, year, measure and type; None: year not complete.
FIGURES = {
    ("永修县", 2015): {"applications": {"invention": (5, 8), "utility_model": (60, 90), "design": (35, 52)},
                      "grants": {"invention": (2, 3), "utility_model": (40, 55), "design": (15, 22)}},
    ("永修县", 2016): {"applications": {"invention": (6, 10), "utility_model": (70, 120), "design": (39, 65)},
                      "grants": {"invention": (3, 5), "utility_model": (54, 70), "design": (18, 24)}},
    ("永修县", 2017): {"applications": {"invention": (22, 40), "utility_model": (77, 170), "design": (36, 90)},
                      "grants": {"invention": (8, 12), "utility_model": (80, 118), "design": (17, 30)}},
    ("永修县", 2018): {"applications": {"invention": (20, None), "utility_model": (170, None), "design": (75, None)},
                      "grants": {"invention": (10, None), "utility_model": (150, None), "design": (40, None)}},
    ("武宁县", 2016): {"applications": {"invention": (3, 5), "utility_model": (40, 60), "design": (17, 25)},
                      "grants": {"invention": (1, 2), "utility_model": (33, 45), "design": (11, 15)}},
    ("武宁县", 2017): {"applications": {"invention": (5, 8), "utility_model": (50, 75), "design": (21, 32)},
                      "grants": {"invention": (2, 3), "utility_model": (40, 55), "design": (14, 20)}},
    ("武宁县", 2018): {"applications": {"invention": (7, None), "utility_model": (60, None), "design": (28, None)},
                      "grants": {"invention": (3, None), "utility_model": (50, None), "design": (17, None)}},
}


def split(total: int, weights: np.ndarray, rng: np.random.Generator) -> list[int]:
    """An invented monthly split of ``total`` that adds up exactly."""
    return [int(x) for x in rng.multinomial(total, weights / weights.sum())]


def monthly(rng: np.random.Generator) -> dict[tuple[str, int, str, str], list[int]]:
    series = {}
    for (region, year), measures in FIGURES.items():
        for measure, types in measures.items():
            for patent_type, (jan_sep, full) in types.items():
                months = split(jan_sep, SEASON[:9], rng)
                if full is not None:
                    months += split(full - jan_sep, SEASON[9:], rng)
                series[(region, year, measure, patent_type)] = months
    return series


def write_tidy_zh(series: dict, path: Path) -> None:
    """永修县 2015-2016: a tidy long table, Chinese headers, UTF-8 with BOM."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["地区", "年份", "月份", "指标", "类型", "数量"])
        for (region, year, measure, patent_type), months in series.items():
            if region == "永修县" and year <= 2016:
                for m, n in enumerate(months, start=1):
                    out.writerow([region, year, m, ZH_MEASURE[measure], ZH_TYPE[patent_type], n])


def write_tidy_en_gbk(series: dict, path: Path) -> None:
    """武宁县 2016-2017: a tidy long table, English headers, GBK as Excel saves it on Chinese Windows."""
    with path.open("w", encoding="gbk", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["region", "year", "month", "measure", "patent_type", "count"])
        for (region, year, measure, patent_type), months in series.items():
            if region == "武宁县" and year <= 2017:
                for m, n in enumerate(months, start=1):
                    out.writerow([region, f"{year}", f"{year}-{m:02d}", measure, patent_type, n])


def write_time_series(series: dict, path: Path) -> None:
    """永修县 2017-2018: one sheet per year, one row per month, two-row merged header, total row."""
    book = Workbook()
    book.remove(book.active)
    for year in (2017, 2018):
        ws = book.create_sheet(f"{year}年")
        ws.append([f"永修县{year}年专利申请授权情况（按月）"])
        ws.merge_cells("A1:I1")
        ws.append(["单位：件"])
        ws.append(["月份", "专利申请量", None, None, None, "专利授权量", None, None, None])
        ws.append([None, "发明", "实用新型", "外观设计", "合计"] * 1 + ["发明", "实用新型", "外观设计", "合计"])
        ws.merge_cells("A3:A4"), ws.merge_cells("B3:E3"), ws.merge_cells("F3:I3")
        totals = [0] * 8
        for m in range(12):
            row: list[object] = [f"{m + 1}月"]
            for measure in ("applications", "grants"):
                values = [series[("永修县", year, measure, t)] for t in TYPES]
                if m >= len(values[0]):
                    row += [None] * 4
                    continue
                cells = [v[m] for v in values]
                row += [str(c) if m % 4 == 1 else c for c in cells] + [sum(cells)]  # some numbers stored as text
            ws.append(row)
            totals = [a + (b or 0) for a, b in zip(totals, [int(x) if x is not None else 0 for x in row[1:]])]
        ws.append(["合计", *totals])
        ws.append(["注：月度分布为示例数据，年度与1-9月合计取自永修县科技局2017年工作总结。"])
        for cell in ws[1] + ws[3] + ws[4]:
            cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
    book.save(path)


def write_patent_list(series: dict, path: Path, rng: np.random.Generator) -> None:
    """武宁县 2018年1-9月: the applications list, one row per patent, as a search platform exports it."""
    digit = {"invention": "1", "utility_model": "2", "design": "3"}
    rows = []
    serial = 10_000
    for patent_type in TYPES:
        for m, n in enumerate(series[("武宁县", 2018, "applications", patent_type)], start=1):
            for _ in range(n):
                serial += int(rng.integers(1, 400))
                body = f"2018{digit[patent_type]}{serial:07d}"
                check = sum(int(d) * w for d, w in zip(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5])) % 11
                number = f"{body}.{'X' if check == 10 else check}"
                day = int(rng.integers(1, 29))
                rows.append([number, f"2018-{m:02d}-{day:02d}", ZH_TYPE[patent_type]])
    rows.sort(key=lambda r: r[1])
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["武宁县2018年1-9月专利申请清单"])
        out.writerow(["序号", "申请号", "专利名称", "申请人", "申请日", "专利类型"])
        for i, (number, date, zh_type) in enumerate(rows, start=1):
            written = f"CN{number}" if i % 5 == 0 else number.replace(".", "") if i % 7 == 0 else number
            out.writerow([i, written, f"一种示例装置{i}", "武宁县示例企业有限公司", date.replace("-", "/") if i % 3 == 0
                          else date, zh_type if i % 2 else ""])
        out.writerow([len(rows) + 1, rows[3][0], "一种示例装置4", "武宁县示例企业有限公司", rows[3][1], rows[3][2]])
        out.writerow(["注：本清单为示例数据。"])


# 永修县's applicants (invented): the seed expected 白莲钢制品厂 to become the county's first firm past
# 100 patents; here it has 73 by the end of 2017 and 103 by September 2018.
BAILIAN = "永修县白莲钢制品厂"
BAILIAN_PER_YEAR = {2015: 18, 2016: 25, 2017: 30, 2018: 30}
FIRMS = ["江西星火有机硅（永修）有限公司", "永修县云山农机制造有限公司", "江西柘林湖水产科技有限公司", "永修县恒丰建材有限公司",
         "九江永修金属制品厂", "江西永修化工集团有限公司", "永修县绿源农业专业合作社", "江西鄱湖生态科技有限公司"]
OTHERS = ["九江学院", "江西省科学院应用化学研究所", "永修县农业农村局", "张建国", "李明华", "王芳"]


def write_applicant_list(series: dict, path: Path, rng: np.random.Generator) -> None:
    """永修县 2015-2018: the applications list with applicants, which the monthly tables' counts
    agree with month by month; joint applicants and a firm written with ASCII brackets too."""
    digit = {"invention": "1", "utility_model": "2", "design": "3"}
    rows = []
    for year in (2015, 2016, 2017, 2018):
        patents = [(patent_type, m) for patent_type in TYPES
                   for m, n in enumerate(series[("永修县", year, "applications", patent_type)], start=1) for _ in range(n)]
        order = rng.permutation(len(patents))
        utility = [i for i in order if patents[i][0] != "invention"]
        bailian = set(utility[:BAILIAN_PER_YEAR[year]])
        for serial, i in enumerate(order, start=1):
            patent_type, m = patents[i]
            body = f"{year}{digit[patent_type]}{20000 + serial * 37:07d}"
            check = sum(int(d) * w for d, w in zip(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5])) % 11
            if i in bailian:
                applicant = BAILIAN
            else:
                pool = FIRMS if rng.random() < 0.75 else OTHERS
                applicant = str(pool[int(rng.integers(0, len(pool)))])
                if rng.random() < 0.08:  # a joint application
                    applicant += "；" + OTHERS[int(rng.integers(0, 2))]
                if rng.random() < 0.3:
                    applicant = applicant.replace("（", "(").replace("）", ")")
            rows.append([f"{body}.{'X' if check == 10 else check}", f"{year}-{m:02d}-{int(rng.integers(1, 29)):02d}",
                         applicant, ZH_TYPE[patent_type]])
    rows.sort(key=lambda r: r[1])
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["永修县专利申请清单（示例数据）"])
        out.writerow(["序号", "申请号", "申请日", "申请人", "专利类型"])
        out.writerows([i, *row] for i, row in enumerate(rows, start=1))
        out.writerow(["注：本清单为示例数据，申请人均为虚构；各月件数与月报一致。"])


def write_region_rows(series: dict, path: Path) -> None:
    """The city bureau's 2018年1-9月 table: one row per county, 本月 / 累计 / 去年同期 / 同比."""
    book = Workbook()
    ws = book.active
    ws.title = "1-9月"
    ws.append(["2018年1-9月全市专利申请授权情况表"])
    ws.merge_cells("A1:K1")
    ws.append([None, None, None, None, None, None, None, None, None, None, "单位：件"])
    ws.append(["地区", "专利申请量", None, None, None, None, "专利授权量", None, None, None, None])
    ws.append([None, "本月", "1-9月累计", None, "去年同期", "同比(%)", "本月", "1-9月累计", None, "去年同期", "同比(%)"])
    ws.append([None, "合计", "合计", "其中：发明", "合计", None, "合计", "合计", "其中：发明", "合计", None])
    for rng_ in ("A3:A5", "B3:F3", "G3:K3", "C4:D4", "H4:I4", "F4:F5", "K4:K5"):
        ws.merge_cells(rng_)
    sums = [0] * 10
    for region in ("永修县", "武宁县"):
        row: list[object] = [region]
        for measure in ("applications", "grants"):
            now = [series[(region, 2018, measure, t)] for t in TYPES]
            before = [series[(region, 2017, measure, t)] for t in TYPES]
            month9 = sum(v[8] for v in now)
            ytd, ytd_inv, prev = sum(sum(v[:9]) for v in now), sum(now[0][:9]), sum(sum(v[:9]) for v in before)
            growth = f"{int((ytd - prev) / prev * 1000) / 10:.1f}"  # truncated, as bureaus print it
            row += [month9, ytd, ytd_inv, prev, growth]
        ws.append(row)
        sums = [a + b for a, b in zip(sums, [x for i, x in enumerate(row[1:]) if i not in (4, 9)] + [0, 0])]
    total = [sums[0], sums[1], sums[2], sums[3], "—", sums[4], sums[5], sums[6], sums[7], "—"]
    ws.append(["全市", *total])
    ws.append(["数据来源：各县（市、区）科技局报送。示例数据。"])
    book.save(path)


# Invention patents in force (有效发明专利) at each county's end of 2015, and how many lapse each
# year (invented): the stock after is the one before, plus the year's invention grants, less them.
STOCK_START = {"永修县": 27, "武宁县": 17}
LAPSES = {("永修县", 2016): 2, ("永修县", 2017): 2, ("永修县", 2018): 2,
          ("武宁县", 2016): 1, ("武宁县", 2017): 1, ("武宁县", 2018): 1}


def write_stocks(path: Path) -> None:
    """The city's table of invention patents in force, one row per county, one column per year end
    (2018: end of September), with a 全市 row, as a bureau circulates it."""
    book = Workbook()
    ws = book.active
    ws.title = "有效发明专利"
    ws.append(["2016-2018年各县有效发明专利拥有量"])
    ws.merge_cells("A1:D1")
    ws.append([None, None, None, "单位：件"])
    ws.append(["地区", "2016年12月", "2017年12月", "2018年9月"])
    rows = []
    for region, stock in STOCK_START.items():
        row: list[object] = [region]
        for year in (2016, 2017, 2018):
            grants = FIGURES[(region, year)]["grants"]["invention"]
            stock += (grants[1] if grants[1] is not None else grants[0]) - LAPSES[(region, year)]
            row.append(stock)
        rows.append(row)
        ws.append(row)
    ws.append(["全市", *[sum(int(r[i]) for r in rows) for i in (1, 2, 3)]])  # type: ignore[call-overload]
    ws.append(["数据来源：各县（市、区）知识产权局报送。示例数据。"])
    book.save(path)


def main() -> None:
    rng = np.random.default_rng(20181113)  # the seed document's publication date
    series = monthly(rng)
    write_tidy_zh(series, RAW / "永修县_2015-2016_专利月度统计.csv")
    write_tidy_en_gbk(series, RAW / "wuning_2016-2017_patent_counts.csv")
    write_time_series(series, RAW / "永修县专利申请授权月报_2017-2018.xlsx")
    write_patent_list(series, RAW / "武宁县2018年1-9月专利申请清单.csv", rng)
    write_region_rows(series, RAW / "2018年1-9月全市专利申请授权情况表.xlsx")
    write_applicant_list(series, RAW / "永修县2015-2018年专利申请清单.csv", rng)
    write_stocks(RAW / "2016-2018年各县有效发明专利拥有量.xlsx")


if __name__ == "__main__":
    main()
