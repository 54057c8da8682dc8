"""Who files: applicant counts from patent lists, and what a bureau reports about them (top
filers, new filers, the split by applicant kind, and milestones such as the seed's first firm
past 100 patents).

The table (``applicant_counts.parquet`` beside the counts): region, applicant, applicant_kind,
year, month, measure, patent_type, count. A joint application counts once for each of its
applicants (and once in the region's totals), so applicants' counts add up to more than the
region's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..formatting import check_lang, fmt_count
from ..i18n import _, join
from ..paths import counts_file

__all__ = ["APPLICANT_COLUMNS", "KIND_LABELS", "applicant_kind", "applicant_kinds", "applicant_counts", "applicants_file_for",
           "load_applicants", "ApplicantReport", "applicant_report", "milestone_sentences",
           "region_applicants", "report_json"]

APPLICANT_COLUMNS = ["region", "applicant", "applicant_kind", "year", "month", "measure", "patent_type", "basis", "count"]
KIND_LABELS = {"enterprise": ("企业", "enterprise"), "university": ("大专院校", "university"),
               "institute": ("科研单位", "research institute"), "government": ("机关团体", "government body"),
               "individual": ("个人", "individual"), "employer": ("职务", "employer (service invention)"),
               "other": ("其他", "other")}
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,4}$|^[A-Za-z.'-]+( [A-Za-z.'-]+){1,3}$")  # 张三, 欧阳明华, John Smith


def applicant_kind(name: str) -> str:
    """enterprise, university, institute or government from the word nearest the name's end
    (vocabulary.csv, kind applicant_kind); else individual for a person's name; else other.

    Examples
    --------
    >>> applicant_kind("北京大学"), applicant_kind("永修县白莲钢制品厂"), applicant_kind("张三")
    ('university', 'enterprise', 'individual')
    """
    return applicant_kinds([name])[0]


def applicant_kinds(names: list[str]) -> list[str]:
    """applicant_kind of each name (the vocabulary looked up once, not per name)."""
    from ..readers.vocabulary import vocabulary  # here: the readers package loads openpyxl, which reports never need

    words = vocabulary()
    return [found if (found := words.last("applicant_kind", name)) is not None
            else "individual" if _PERSON.match(name.strip()) else "other" for name in names]


def applicant_counts(counts: list[pd.DataFrame]) -> pd.DataFrame:
    """The applicant table from what the readers gave: each list's counts per applicant (region,
    applicant, year, month, measure, patent_type, count; monthly), and bureau tables' counts by
    applicant kind (no applicant name; basis as the table has it). Each named applicant gets
    its kind. Two lists that cover the same region and month give the same patents (ingest has
    checked that their counts agree), so there the larger figure is kept rather than the sum."""
    if not counts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("year", "month", "count") else "object")
                             for c in APPLICANT_COLUMNS})
    # a list's table runs to millions of rows (7 million for 20 million patents): the repeated
    # words are categories (a byte a row), not strings, and the table is not copied
    frames = [c.assign(basis=pd.Categorical.from_codes(np.zeros(len(c), dtype=np.int8), pd.Index(["count"])))
              if "basis" not in c else c for c in counts]
    if len(frames) == 1 and "applicant_kind" not in frames[0]:
        table = frames[0].copy(deep=False)  # a column is added, none changed
        names = table["applicant"].astype("category")  # a kind is worked out once per name
        kinds = pd.Categorical(applicant_kinds([str(name) for name in names.cat.categories]))
        table["applicant_kind"] = pd.Categorical.from_codes(kinds.codes[names.cat.codes.to_numpy()], kinds.categories)
        return table[APPLICANT_COLUMNS]
    table = pd.concat([f.astype({"region": str, "applicant": str, "patent_type": str}) for f in frames])
    table["applicant_kind"] = table.get("applicant_kind")
    unknown = table["applicant_kind"].isna()
    table.loc[unknown, "applicant_kind"] = table.loc[unknown, "applicant"].map(
        dict(zip(new := [str(n) for n in table.loc[unknown, "applicant"].unique()], applicant_kinds(new), strict=True)))
    keys = [c for c in APPLICANT_COLUMNS if c != "count"]
    return table.groupby(keys, sort=False)["count"].max().reset_index()[APPLICANT_COLUMNS]


def applicants_file_for(counts_path: Path | str | None = None) -> Path:
    """applicant_counts.parquet beside the default counts table, <name>.applicants.parquet beside another."""
    path = Path(counts_path) if counts_path else counts_file()
    if path.resolve() == counts_file().resolve():
        return path.with_name("applicant_counts.parquet")
    return path.with_suffix(".applicants.parquet")


def load_applicants(counts_path: Path | str | None = None, region: str | None = None) -> pd.DataFrame:
    """The applicant table written beside the counts; empty when no list had applicants."""
    path = applicants_file_for(counts_path)
    if not path.is_file():
        raise InputError(_("no applicant table here: run `patentstats ingest` on patent lists with an applicant "
                           "column (申请人)"), file=str(path))
    try:
        table = pd.read_parquet(path)
    except (OSError, ValueError) as exc:  # empty or damaged
        raise InputError(_("not a readable applicant table ({error}): run `patentstats ingest` again").format(
            error=str(exc).splitlines()[0][:120]), file=str(path)) from None
    if list(table.columns) != APPLICANT_COLUMNS:
        raise InputError(_("the applicant table was written by an older patentstats: run `patentstats ingest` again"),
                         file=str(path))
    table = table.astype({c: str for c in ("region", "applicant", "applicant_kind", "measure", "patent_type", "basis")})
    return table if region is None else table[table["region"] == region]


@dataclass
class ApplicantReport:
    region: str
    year: int
    month: int
    threshold: int
    top: pd.DataFrame  # applicant, kind, applications, grants, invention_share_pct, cumulative
    new: list[str]  # first application in the data this year
    earlier_years: bool  # whether the data go back before this year (else every applicant is 'new')
    kinds: pd.DataFrame  # applicant_kind, applicants, applications
    milestones: pd.DataFrame  # applicant, kind, cumulative, passed (bool), projected (cumulative at year end)
    first_past: bool  # nobody in the region had passed the threshold before this year, one did this year
    past: int  # applicants in the region past the threshold by now
    first_year: int = 0  # the first year of applicant data: every 累计 is counted from it


def applicant_report(table: pd.DataFrame, region: str, year: int, month: int | None = None, top: int = 10,
                     threshold: int = 100) -> ApplicantReport:
    """This year's filers in ``region`` through ``month`` (default: the latest month with data)."""
    mine = table[(table["region"] == region) & (table["applicant"] != "") & (table["basis"] == "count")]
    if mine.empty:
        regions = join(sorted(table["region"].unique())) or _("none")
        raise InputError(_("no applicants for {region!r}: regions with applicants: {regions}").format(
            region=region, regions=regions))
    if not (month := month or int(mine.loc[mine["year"] == year, "month"].max() if (mine["year"] == year).any() else 0)):
        raise InputError(_("no applicants for {region} in {year}: years with applicants: {years}").format(
            region=region, year=year, years=join(sorted(mine["year"].unique()))))
    summary, before = _year_summary(mine, year, month)
    filed = summary[summary["applications"] > 0]
    split = filed.groupby("kind").agg(applicants=("applications", "size"), applications=("applications", "sum"))
    milestones = _milestones(filed, before, threshold, month)
    earlier_years = bool((before > 0).any())
    # 首家 needs the years before: without them, nobody can say who passed first
    first_past = earlier_years and not (before >= threshold).any() and int(milestones["passed"].sum()) == 1
    return ApplicantReport(region, year, month, threshold, summary.head(top).reset_index(),
                           [name for name in filed.index if before.get(name, 0) == 0],
                           earlier_years, split.reset_index().rename(columns={"kind": "applicant_kind"}),
                           milestones, first_past,
                           int((before.add(summary["applications"], fill_value=0) >= threshold).sum()),
                           int(mine["year"].min()))


def _year_summary(mine: pd.DataFrame, year: int, month: int) -> tuple[pd.DataFrame, pd.Series]:
    """Per applicant this year: applications, grants (NA for lists of applications only), kind,
    invention share and applications over all years; and each applicant's applications before."""
    apps = mine[mine["measure"] == "applications"]
    apps_now = (apps["year"] == year) & (apps["month"] <= month)
    now = mine[(mine["year"] == year) & (mine["month"] <= month)]
    summary = now.pivot_table(index="applicant", columns="measure", values="count", aggfunc="sum",
                              fill_value=0).reindex(columns=["applications", "grants"], fill_value=0)
    invention = apps[apps_now & (apps["patent_type"] == "invention")].groupby("applicant")["count"].sum()
    cumulative = apps[(apps["year"] < year) | apps_now].groupby("applicant")["count"].sum()
    kinds = mine.drop_duplicates("applicant").set_index("applicant")["applicant_kind"]
    summary = summary.assign(
        kind=kinds.reindex(summary.index), invention_share_pct=invention.reindex(summary.index).fillna(0)
        / summary["applications"].where(summary["applications"] > 0) * 100,
        cumulative=cumulative.reindex(summary.index).fillna(0).astype(int))
    summary = summary.sort_values(["applications", "grants", "cumulative"], ascending=False).rename_axis("applicant")
    if not (mine["measure"] == "grants").any():  # a list of applications says nothing of grants
        summary["grants"] = pd.NA
    return summary, apps[apps["year"] < year].groupby("applicant")["count"].sum()


def _milestones(filed: pd.DataFrame, before: pd.Series, threshold: int, month: int) -> pd.DataFrame:
    """Applicants who passed ``threshold`` applications in all this year, or will by its end at
    this year's pace (projected: before this year plus this year's applications x 12 / month)."""
    earlier = before.reindex(filed.index).fillna(0)
    projected = earlier + filed["applications"] * 12 / month
    table = pd.DataFrame({"kind": filed["kind"], "cumulative": filed["cumulative"],
                          "passed": (earlier < threshold) & (filed["cumulative"] >= threshold),
                          "projected": (projected + 0.5).astype(int)})  # half up: 4.5 is 5
    table = table[table["passed"] | ((filed["cumulative"] < threshold) & (projected >= threshold))]
    return table.sort_values("cumulative", ascending=False).reset_index()


def _area(region: str) -> str:
    """全县 / 全市 / 全区 from the region's name; the name itself otherwise."""
    return next((f"全{end}" for end in ("县", "市", "区", "省") if region.endswith(end)), region)


KIND_NOUNS = {"enterprise": "企业", "university": "高校", "institute": "科研单位"}


def _ordinal(n: int) -> str:
    """首家, 第二家 … 第十家, 第11家."""
    return "首家" if n == 1 else f"第{'二三四五六七八九十'[n - 2]}家" if n <= 10 else f"第{n}家"


def milestone_sentences(report: ApplicantReport, lang: str = "zh") -> list[str]:
    """In the seed's words: '白莲钢制品厂累计专利申请达103件，成为全县首家专利数量过百件企业'."""
    check_lang(lang)
    sentences = []
    mark = "过百件" if report.threshold == 100 else f"过{report.threshold}件"
    since = f"{report.first_year}年以来" if lang == "zh" else f"since {report.first_year}"
    for _i, row in report.milestones.iterrows():
        noun = KIND_NOUNS.get(row["kind"], "单位")
        if lang == "zh" and row["passed"]:
            sentences.append(f"{row['applicant']}{since}累计专利申请达{fmt_count(row['cumulative'], 'zh', unit=True)}，成为"
                             f"{_area(report.region)}{'首家' if report.first_past else ''}专利数量{mark}{noun}")
        elif lang == "zh":
            # which one it would be (第二家) needs the years before the data, as 首家 does
            which = _ordinal(report.past + 1) if report.earlier_years else ""
            sentences.append(f"{row['applicant']}{since}累计专利申请{fmt_count(row['cumulative'], 'zh', unit=True)}，"
                             f"按目前进度预计年内达到{fmt_count(row['projected'], 'zh', unit=True)}，有望成为"
                             f"{_area(report.region)}{which}专利数量{mark}{noun}")
        elif row["passed"]:
            sentences.append(f"{row['applicant']} reached {fmt_count(row['cumulative'], 'en')} patent applications "
                             f"{since}, {'the first applicant in ' + report.region if report.first_past else 'an applicant'}"
                             f" past {report.threshold}")
        else:
            sentences.append(f"{row['applicant']} has {fmt_count(row['cumulative'], 'en')} patent applications {since} "
                             f"and, at this pace, should pass {report.threshold} this year (about "
                             f"{fmt_count(row['projected'], 'en')})")
    return [s + ("。" if lang == "zh" else ".") for s in sentences]


def report_json(report: ApplicantReport) -> dict[str, object]:
    """The report as plain JSON values (``applicants --json``); unknown values are null."""
    def records(frame: pd.DataFrame) -> list[dict[str, object]]:
        return [{str(k): (None if pd.isna(v) else v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                for row in frame.to_dict("records")]
    return {"region": report.region, "year": report.year, "month": report.month, "threshold": report.threshold,
            "top": records(report.top), "new": report.new, "kinds": records(report.kinds),
            "milestones": records(report.milestones), "first_past": report.first_past}


def region_applicants(counts_path: Path | str | None, region: str, year: int, month: int, top: int = 5,
                      threshold: int = 100) -> ApplicantReport | None:
    """The report's applicant section data, or None when no list gave this region's applicants."""
    path = applicants_file_for(counts_path)
    if not path.is_file():
        return None
    table = load_applicants(counts_path)
    mine = table[(table["region"] == region) & (table["applicant"] != "") & (table["year"] == year)
                 & (table["month"] <= month)]
    return applicant_report(table, region, year, month, top, threshold) if len(mine) else None
