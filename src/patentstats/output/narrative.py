"""Ready sentences for the work summary (工作总结), in the seed document's style, from a
status table (``metrics.status_table``)."""

from __future__ import annotations

import pandas as pd

from ..formatting import EN_MONTHS, chance_words, check_lang, fmt_count, fmt_growth, fmt_pct, fmt_prob, is_missing
from ..labels import MEASURES, PATENT_TYPES, TOTAL
from ..table.targets import LEVELS, target_value, targets_for

__all__ = ["conclusion", "summary_paragraph", "targets_sentence", "stock_sentence"]

ZH_MEASURE = {"applications": "专利申请量", "grants": "专利授权量"}
EN_MEASURE = {"applications": "patent applications", "grants": "patent grants"}
ZH_TYPE = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
EN_TYPE = {"invention": ("invention", "inventions"), "utility_model": ("utility model", "utility models"),
           "design": ("design", "designs")}
ZH_LEVEL = {"floor": "确保目标", "plan": "目标", "stretch": "力争目标"}
EN_LEVEL = {"floor": "floor", "plan": "target", "stretch": "stretch target"}


def _row(status: pd.DataFrame, measure: str, patent_type: str) -> pd.Series:
    return status[(status["measure"] == measure) & (status["patent_type"] == patent_type)].iloc[0]


def _zh_counts(status: pd.DataFrame, month: int, projection: pd.DataFrame | None = None) -> str:
    opening = "全年" if month == 12 else f"截至{month}月"
    parts = []
    for i, measure in enumerate(MEASURES):
        total = _row(status, measure, TOTAL)
        if is_missing(total["ytd"]):
            continue
        proj = _projected(projection, measure)
        text = _zh_count_and_growth(measure, total, proj, month)
        types = []
        for patent_type in PATENT_TYPES:
            row = _row(status, measure, patent_type)
            if is_missing(row["ytd"]):
                continue
            piece = f"{ZH_TYPE[patent_type]}{fmt_count(row['ytd'], 'zh', unit=True)}"
            if patent_type == "invention" and not is_missing(row["ytd_prev_year"]):  # the quality indicator
                piece += f"，同比{fmt_growth(row['ytd'], row['ytd_prev_year'])}"
            types.append(piece)
        if types:
            text += ("。其中" if i == 0 else "，其中") + "；".join(types)
        parts.append(text + "。")
    return f"{opening}，" + "".join(parts) if parts else ""


def _estimate(proj: pd.Series | None) -> pd.Series | None:
    """The projection row when it carries a nowcast of a year to date with unpublished months."""
    if proj is None or is_missing(proj.get("incomplete_from")) or is_missing(proj.get("ytd_est_point")):
        return None
    return proj


def _span(first: object, month: int) -> str:
    start = int(first)  # type: ignore[call-overload]
    return f"{start}" if start == month else f"{start}-{month}"


def estimate_clause(proj: pd.Series | None, month: int, lang: str = "zh") -> str:
    """'其中5-8月申请尚未全部公开，估计实际约41件（36-47）' for a year to date with months not yet
    published (a patent list's), else ''.

    Examples
    --------
    >>> row = pd.Series({"incomplete_from": 5, "ytd_est_point": 41, "ytd_est_lo80": 36, "ytd_est_hi80": 47})
    >>> estimate_clause(row, 8)
    '其中5-8月申请尚未全部公开，估计实际约41件（36-47）'
    """
    if (found := _estimate(proj)) is None:
        return ""
    span = _span(found["incomplete_from"], month)
    point, lo, hi = (fmt_count(found[f"ytd_est_{k}"], lang) for k in ("point", "lo80", "hi80"))
    if lang == "zh":
        return f"其中{span}月申请尚未全部公开，估计实际约{point}件（{lo}-{hi}）"
    return (f"applications of month(s) {span} are not all published yet: the actual figure is estimated at about "
            f"{point} ({lo}-{hi})")


def _growth_basis(row: pd.Series, proj: pd.Series | None) -> tuple[object, object]:
    """(this year, last year) for growth: the estimates where months are not yet published."""
    found = _estimate(proj)
    if found is None or is_missing(found.get("ytd_prev_estimate")):
        return row["ytd"], row["ytd_prev_year"]
    return found["ytd_est_point"], found["ytd_prev_estimate"]


def _levels_of(row: pd.Series) -> list[str]:
    return [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]


def _with_targets(status: pd.DataFrame) -> list[tuple[str, pd.Series, list[str], str]]:
    """(measure, total row, its target levels, the main level: plan, else the first) of each
    measure whose total has targets and a year to date."""
    found = []
    for measure in MEASURES:
        row = _row(status, measure, TOTAL)
        levels = _levels_of(row)
        if levels and not is_missing(row["ytd"]):
            found.append((measure, row, levels, "plan" if "plan" in levels else levels[0]))
    return found


def _zh_targets(status: pd.DataFrame) -> str:
    sentences = []
    for measure, row, levels, main in _with_targets(status):
        done = "，".join(f"{ZH_LEVEL[lv]}{fmt_count(row[f'target_{lv}'], 'zh', unit=True)}的"
                        f"{fmt_pct(row[f'completion_pct_{lv}'])}" for lv in levels)
        text = f"{ZH_MEASURE[measure]}已完成{done}；序时进度{fmt_pct(row['time_progress_pct'])}"
        if not is_missing(row["seasonal_progress_pct"]):
            text += f"，往年同期一般完成全年的{fmt_pct(row['seasonal_progress_pct'])}"
        if row[f"remaining_{main}"] > 0 and not is_missing(row[f"needed_per_month_{main}"]):
            text += (f"。完成{ZH_LEVEL[main]}尚需{fmt_count(row[f'remaining_{main}'], 'zh', unit=True)}，"
                     f"月均{float(row[f'needed_per_month_{main}']):.1f}件")
        elif row[f"remaining_{main}"] == 0:
            text += f"。已完成全年{ZH_LEVEL[main]}"
        sentences.append(text + "。")
    return "对照全年目标，" + "".join(sentences) if sentences else ""


def _en_counts(status: pd.DataFrame, month: int, projection: pd.DataFrame | None = None) -> str:
    opening = "In the full year" if month == 12 else f"By the end of {EN_MONTHS[month - 1]}"
    sentences = []
    for i, measure in enumerate(MEASURES):
        total = _row(status, measure, TOTAL)
        if is_missing(total["ytd"]):
            continue
        proj = _projected(projection, measure)
        text = f"{opening if i == 0 else 'In the same period'}, {_en_count_and_growth(measure, total, proj, month)}"
        types = []
        for patent_type in PATENT_TYPES:
            row = _row(status, measure, patent_type)
            if is_missing(row["ytd"]):
                continue
            piece = f"{fmt_count(row['ytd'], 'en')} {EN_TYPE[patent_type][int(row['ytd']) != 1]}"
            if patent_type == "invention" and not is_missing(row["ytd_prev_year"]):
                piece += f" ({_en_growth(row['ytd'], row['ytd_prev_year'])})"
            types.append(piece)
        if types:
            text += ": " + (", ".join(types[:-1]) + " and " + types[-1] if len(types) > 1 else types[0])
        sentences.append(text + ".")
    return " ".join(sentences)


def _en_growth(now: object, before: object) -> str:
    """'up 96.3%', 'down 2' (a base under 10 gives counts), 'unchanged'."""
    said = fmt_growth(now, before, "en")
    return said if said == "unchanged" else f"{'up' if said[0] == '+' else 'down'} {said[1:]}"


def _en_targets(status: pd.DataFrame) -> str:
    sentences = []
    for measure, row, levels, main in _with_targets(status):
        done = ", ".join(f"{fmt_pct(row[f'completion_pct_{lv}'])} of the {EN_LEVEL[lv]} of "
                         f"{fmt_count(row[f'target_{lv}'], 'en')}" for lv in levels)
        text = (f"{EN_MEASURE[measure].capitalize()} have reached {done}, with "
                f"{fmt_pct(row['time_progress_pct'])} of the year elapsed")
        if not is_missing(row["seasonal_progress_pct"]):
            text += f"; in past years {fmt_pct(row['seasonal_progress_pct'])} of the year's figure was in by this month"
        if row[f"remaining_{main}"] > 0 and not is_missing(row[f"needed_per_month_{main}"]):
            text += (f". {fmt_count(row[f'remaining_{main}'], 'en')} more are needed to meet the {EN_LEVEL[main]}, "
                     f"{float(row[f'needed_per_month_{main}']):.1f} a month")
        elif row[f"remaining_{main}"] == 0:
            text += f". The {EN_LEVEL[main]} for the year has been met"
        sentences.append(text + ".")
    return " ".join(sentences)


def _projection_rows(projection: pd.DataFrame | None, status: pd.DataFrame) -> list[tuple[str, pd.Series, pd.Series]]:
    """(measure, projection row, status row) of each measure's total that has a projection."""
    if projection is None or projection.empty:
        return []
    found = []
    for measure in MEASURES:
        match = projection[(projection["measure"] == measure) & (projection["patent_type"] == TOTAL)]
        if len(match):
            found.append((measure, match.iloc[0], _row(status, measure, TOTAL)))
    return found


def _zh_chance(p: object, cap: object = None) -> str:
    said = fmt_prob(p, "zh", cap)
    return "已达到" if said == "已达到" else f"的可能性{'约为' if said[0].isdigit() else ''}{said}"


def _zh_chance_words(p: object, level: str) -> str:
    """'很可能完成目标' / '完成目标的可能性较大', for the conclusion (the figure goes in a note)."""
    if float(p) >= 1.0:  # type: ignore[arg-type]
        return f"已完成{ZH_LEVEL[level]}"
    words = chance_words(p, "zh")
    return f"很可能完成{ZH_LEVEL[level]}" if words == "很可能" else f"完成{ZH_LEVEL[level]}的可能性{words}"


def _zh_projection(projection: pd.DataFrame | None, status: pd.DataFrame, month: int) -> str:
    if month == 12:
        return ""
    sentences = []
    for measure, proj, row in _projection_rows(projection, status):
        text = (f"按目前进度，预计全年{ZH_MEASURE[measure]}将达到{fmt_count(proj['point'], 'zh', unit=True)}左右"
                f"（80%的可能在{fmt_count(proj['lo80'], 'zh')}至{fmt_count(proj['hi80'], 'zh', unit=True)}之间）")
        if not is_missing(row["prev_year_total"]) and row["prev_year_total"] > 0:
            text += f"，比上年{fmt_growth(proj['point'], row['prev_year_total'])}"
        cap = proj.get("p_cap")
        chances = [f"{ZH_LEVEL[lv]}{fmt_count(row[f'target_{lv}'], 'zh', unit=True)}{_zh_chance(proj[f'p_reach_{lv}'], cap)}"
                   for lv in _levels_of(row) if not is_missing(proj.get(f"p_reach_{lv}"))]
        if chances:
            text += "；完成" + "，".join(chances)
        sentences.append(text + "。")
    return "".join(sentences)


def _en_projection(projection: pd.DataFrame | None, status: pd.DataFrame, month: int) -> str:
    if month == 12:
        return ""
    sentences = []
    for measure, proj, row in _projection_rows(projection, status):
        text = (f"At the current pace, {EN_MEASURE[measure]} are projected to reach about "
                f"{fmt_count(proj['point'], 'en')} for the year (80% interval {fmt_count(proj['lo80'], 'en')}-"
                f"{fmt_count(proj['hi80'], 'en')})")
        cap = proj.get("p_cap")
        chances = [f"the {EN_LEVEL[lv]} of {fmt_count(row[f'target_{lv}'], 'en')}: {fmt_prob(proj[f'p_reach_{lv}'], 'en', cap)}"
                   for lv in _levels_of(row) if not is_missing(proj.get(f"p_reach_{lv}"))]
        if chances:
            text += "; chance of reaching " + ", ".join(chances)
        sentences.append(text + ".")
    return " ".join(sentences)


def summary_paragraph(status: pd.DataFrame, month: int, lang: str = "zh",
                      projection: pd.DataFrame | None = None, stocks: pd.DataFrame | None = None) -> str:
    """The paragraph an analyst pastes into the work summary: year to date against last year,
    progress against the targets, given ``projection`` (``project_year_end``), the expected
    full year and the chance of reaching each target level, and given ``stocks``
    (``stock_indicators.stock_status``), the invention patents in force (``stock_sentence``).

    Examples
    --------
    >>> import patentstats as ps  # doctest: +SKIP
    >>> status = ps.status_table(ps.load_counts(), "永修县", 2017, 9)  # doctest: +SKIP
    >>> summary_paragraph(status, 9, "zh")[:40]  # doctest: +SKIP
    '截至9月,专利申请量135件,同比增长17.4%。其中发明22件,同比增长266.7%'
    """
    if check_lang(lang) == "zh":
        return _zh_counts(status, month, projection) + _zh_targets(status) + _zh_projection(projection, status, month) \
            + stock_sentence(stocks, lang)
    parts = (_en_counts(status, month, projection), _en_targets(status), _en_projection(projection, status, month),
             stock_sentence(stocks, lang))
    return " ".join(part for part in parts if part)


def _main_level(row: pd.Series) -> str | None:
    levels = _levels_of(row)
    return None if not levels else "plan" if "plan" in levels else levels[0]


def _projected(projection: pd.DataFrame | None, measure: str) -> pd.Series | None:
    if projection is None or projection.empty:
        return None
    match = projection[(projection["measure"] == measure) & (projection["patent_type"] == TOTAL)]
    return match.iloc[0] if len(match) else None


def _zh_against_time(row: pd.Series) -> str:
    """'低于序时进度13.4个百分点，但高于往年同期一般水平（54.3%）'."""
    main = _main_level(row)
    done, elapsed, usual = row[f"completion_pct_{main}"], row["time_progress_pct"], row["seasonal_progress_pct"]
    gap = round(float(done) - float(elapsed), 1)
    text = "与序时进度持平" if gap == 0 else f"{'高于' if gap > 0 else '低于'}序时进度{abs(gap):.1f}个百分点"
    if not is_missing(usual):
        above = float(done) >= float(usual)
        joint = "也" if (gap > 0) == above else "但"
        text += f"，{joint}{'高于' if above else '低于'}往年同期一般水平（{fmt_pct(usual)}）"
    return text


def _zh_count_and_growth(measure: str, row: pd.Series, proj: pd.Series | None, month: int) -> str:
    """'专利申请量已公开33件，其中…估计实际约41件…，同比增长…': the year to date, the estimate of
    what is not yet published, and the growth on the estimate."""
    text = f"{ZH_MEASURE[measure]}{'已公开' if _estimate(proj) is not None else ''}{fmt_count(row['ytd'], 'zh', unit=True)}"
    if clause := estimate_clause(proj, month, "zh"):
        text += f"，{clause}"
    now, before = _growth_basis(row, proj)
    return text + (f"，同比{fmt_growth(now, before)}" if not is_missing(before) else "")


def _en_count_and_growth(measure: str, row: pd.Series, proj: pd.Series | None, month: int) -> str:
    text = f"{EN_MEASURE[measure]} {'published ' if _estimate(proj) is not None else ''}totalled {fmt_count(row['ytd'], 'en')}"
    if clause := estimate_clause(proj, month, "en"):
        text += f"; {clause}"
    now, before = _growth_basis(row, proj)
    return text + (f", {_en_growth(now, before)} year on year" if not is_missing(before) else "")


def _zh_conclusion_for(measure: str, row: pd.Series, proj: pd.Series | None, month: int) -> str:
    text = _zh_count_and_growth(measure, row, proj, month)
    main = _main_level(row)
    if main is None:
        return text
    level = "全年目标" if main == "plan" else ZH_LEVEL[main]
    text += f"，完成{level}（{fmt_count(row[f'target_{main}'], 'zh', unit=True)}）的{fmt_pct(row[f'completion_pct_{main}'])}"
    if month == 12:
        return text
    text += "，" + _zh_against_time(row)
    if proj is not None and not is_missing(proj.get(f"p_reach_{main}")):
        text += (f"；按目前走势，预计全年约{fmt_count(proj['point'], 'zh', unit=True)}，"
                 f"{_zh_chance_words(proj[f'p_reach_{main}'], main)}")
    return text


def _en_conclusion_for(measure: str, row: pd.Series, proj: pd.Series | None, month: int) -> str:
    text = _en_count_and_growth(measure, row, proj, month)
    main = _main_level(row)
    if main is None:
        return text
    text += f", {fmt_pct(row[f'completion_pct_{main}'])} of the {EN_LEVEL[main]} ({fmt_count(row[f'target_{main}'], 'en')})"
    if month == 12:
        return text
    gap = round(float(row[f"completion_pct_{main}"]) - float(row["time_progress_pct"]), 1)
    text += ", level with the time elapsed" if gap == 0 else \
        f", {abs(gap):.1f} points {'ahead of' if gap > 0 else 'behind'} the time elapsed"
    if not is_missing(row["seasonal_progress_pct"]):
        above = float(row[f"completion_pct_{main}"]) >= float(row["seasonal_progress_pct"])
        text += f" and {'above' if above else 'below'} the usual share by now ({fmt_pct(row['seasonal_progress_pct'])})"
    if proj is not None and not is_missing(proj.get(f"p_reach_{main}")):
        text += (f"; at the current pace the year should end at about {fmt_count(proj['point'], 'en')}, so meeting "
                 f"the {EN_LEVEL[main]} is {chance_words(proj[f'p_reach_{main}'], 'en')}")
    return text


def _projected_type(projection: pd.DataFrame | None, measure: str, patent_type: str) -> pd.Series | None:
    if projection is None or projection.empty:
        return None
    match = projection[(projection["measure"] == measure) & (projection["patent_type"] == patent_type)]
    return match.iloc[0] if len(match) else None


def _direction(now: object, before: object) -> int:
    """+1 up, -1 down, 0 flat or unknown."""
    if is_missing(now) or is_missing(before):
        return 0
    return int(float(now) > float(before)) - int(float(now) < float(before))  # type: ignore[arg-type]


def invention_clause(status: pd.DataFrame, measure: str, projection: pd.DataFrame | None, lang: str = "zh") -> str:
    """Invention, a bureau's headline indicator, named on page 1 when it moves against the
    total or falls behind its own target's time elapsed: '其中发明专利申请量22件，同比下降15.4%，
    低于序时进度20.0个百分点'; else ''."""
    total, invention = _row(status, measure, TOTAL), _row(status, measure, "invention")
    if is_missing(invention["ytd"]):
        return ""
    now, before = _growth_basis(invention, _projected_type(projection, measure, "invention"))
    total_now, total_before = _growth_basis(total, _projected_type(projection, measure, TOTAL))
    against = _direction(now, before) * _direction(total_now, total_before) < 0
    main = _main_level(invention)
    gap = (None if main is None or is_missing(invention[f"completion_pct_{main}"]) else
           round(float(invention[f"completion_pct_{main}"]) - float(invention["time_progress_pct"]), 1))
    behind = gap is not None and gap < 0
    if not (against or behind):
        return ""
    if lang == "zh":
        text = f"其中发明{ZH_MEASURE[measure].removeprefix('专利')}{fmt_count(invention['ytd'], 'zh', unit=True)}"
        text += f"，同比{fmt_growth(now, before)}" if not is_missing(before) else ""
        return text + (f"，低于发明目标序时进度{abs(gap):.1f}个百分点" if behind and gap is not None else "")
    text = f"of which invention {EN_MEASURE[measure].removeprefix('patent ')} {fmt_count(invention['ytd'], 'en')}"
    text += f", {_en_growth(now, before)} year on year" if not is_missing(before) else ""
    return text + (f", {abs(gap):.1f} points behind the time elapsed on its own target" if behind and gap is not None
                   else "")


def conclusion(status: pd.DataFrame, month: int, lang: str = "zh", projection: pd.DataFrame | None = None) -> str:
    """Where the year stands and what it means, one sentence per measure, for the top of the
    report: year to date, growth, completion of the main target against the time elapsed and
    the usual pace, and the chance of reaching it in words (the figure is in the data notes).

    Examples
    --------
    >>> import patentstats as ps  # doctest: +SKIP
    >>> conclusion(ps.status_table(...), 9, "zh", projection)[:60]  # doctest: +SKIP
    '截至9月，专利申请量265件，同比增长96.3%，完成全年目标（430件）的61.6%，低于序时进度13.4个百分点'
    """
    check_lang(lang)
    sentences = []
    for measure in MEASURES:
        row = _row(status, measure, TOTAL)
        if is_missing(row["ytd"]):
            continue
        make = _zh_conclusion_for if lang == "zh" else _en_conclusion_for
        sentence = make(measure, row, _projected(projection, measure), month)
        if clause := invention_clause(status, measure, projection, lang):
            sentence += ("；" if lang == "zh" else "; ") + clause
        sentences.append(sentence)
    if not sentences:
        return ""
    if lang == "zh":
        return ("全年，" if month == 12 else f"截至{month}月，") + "。".join(sentences) + "。"
    opening = "In the full year" if month == 12 else f"By the end of {EN_MONTHS[month - 1]}"
    return f"{opening}, " + ". ".join(s[0].upper() + s[1:] if i else s for i, s in enumerate(sentences)) + "."


TARGET_WORDS = {"zh": {"plan": "达到{}", "of_which": "，其中{}", "and": "、", "floor": "确保突破{}", "stretch": "力争达到{}",
                       "then": "，", "name": "{}"},
                "en": {"plan": "{}", "of_which": " ({})", "and": ", ", "floor": "at least {}", "stretch": "aiming for {}",
                       "then": ", ", "name": "{}: "}}


def _measure_targets(wide: pd.DataFrame, measure: str, lang: str) -> str:
    """'专利申请量达到430件，其中发明30件、…，确保突破400件，力争达到450件' / 'patent applications: 430 (…), at least 400'."""
    words, zh = TARGET_WORDS[lang], lang == "zh"

    def count(value: float) -> str:
        return fmt_count(value, lang, unit=zh)
    total = {lv: target_value(wide, measure, TOTAL, lv) for lv in LEVELS}
    parts = []
    if total["plan"] is not None:
        types = [f"{ZH_TYPE[t]}{count(v)}" if zh else f"{count(v)} {EN_TYPE[t][v != 1]}" for t in PATENT_TYPES
                 if (v := target_value(wide, measure, t, "plan")) is not None]
        parts.append(words["plan"].format(count(total["plan"]))
                     + (words["of_which"].format(words["and"].join(types)) if types else ""))
    parts += [words[lv].format(count(value)) for lv in ("floor", "stretch") if (value := total[lv]) is not None]
    name = ZH_MEASURE[measure] if zh else EN_MEASURE[measure]
    return words["name"].format(name) + words["then"].join(parts) if parts else ""


def targets_sentence(targets: pd.DataFrame | None, region: str, year: int, lang: str = "zh") -> str:
    """A year's targets as the seed's plan states them, e.g. '2018年目标：专利申请量达到430件，其中
    发明30件、实用新型280件、外观设计120件，确保突破400件，力争达到450件；…'; '' without targets."""
    wide = targets_for(targets, region, year) if targets is not None else None
    if wide is None or wide.empty:
        return ""
    check_lang(lang)
    parts = [part for measure in MEASURES if (part := _measure_targets(wide, measure, lang))]
    if not parts:
        return ""
    return f"{year}年目标：" + "；".join(parts) + "。" if lang == "zh" else f"Targets for {year}: " + "; ".join(parts) + "."


REGION_WORDS = {"县": "全县", "区": "全区", "市": "全市", "旗": "全旗", "省": "全省"}


def _stock_rows(stocks: pd.DataFrame | None) -> tuple[pd.Series | None, pd.Series | None]:
    if stocks is None or not len(stocks):
        return None, None
    found = {r["indicator"]: r for _, r in stocks.iterrows() if not is_missing(r["value"])}
    return found.get("invention_in_force"), found.get("invention_per_10k")


def _stock_done(row: pd.Series | None) -> tuple[str, float] | None:
    """(level, completion %) of the main target of a stock row, None without one."""
    level = None if row is None else _main_level(row)
    return None if level is None or row is None else (level, float(row[f"completion_pct_{level}"]))


def _zh_as_of(row: pd.Series) -> str:
    year, month = int(row["as_of_year"]), int(row["as_of_month"])
    return f"{year}年底" if month == 12 else f"{year}年{month}月底"


def _stock_ends(in_force: pd.Series, per_10k: pd.Series | None) -> tuple[list[str] | None, str | None]:
    """The year end projected, before December: (point, lo80, hi80) of patents in force, and the
    point per 10,000 people; None where unknown or where the stock is December's."""
    from ..metrics.stock_indicators import fmt_indicator  # noqa: PLC0415 - stock_indicators reads targets, as this module does

    if int(in_force["as_of_month"]) == 12 or is_missing(in_force["point"]):
        return None, None
    ends = [fmt_indicator("invention_in_force", in_force[q]) for q in ("point", "lo80", "hi80")]
    rate = None if per_10k is None or is_missing(per_10k["point"]) else fmt_indicator("invention_per_10k", per_10k["point"])
    return ends, rate


def stock_sentence(stocks: pd.DataFrame | None, lang: str = "zh") -> str:
    """'截至2018年9月底，全县有效发明专利达48件，每万人口发明专利拥有量1.3件，完成目标的91.4%；预计年底有效发明
    专利约52件（80%区间49-56件），每万人口约1.4件。' from ``stock_status``: the completion is of the
    per-capita target where there is one, else of the target for patents in force; '' without a stock."""
    from ..metrics.stock_indicators import fmt_indicator  # noqa: PLC0415 - stock_indicators reads targets, as this module does

    in_force, per_10k = _stock_rows(stocks)
    if in_force is None:
        return ""
    done = _stock_done(per_10k) or _stock_done(in_force)
    count = fmt_indicator("invention_in_force", in_force["value"])
    rate = None if per_10k is None else fmt_indicator("invention_per_10k", per_10k["value"])
    ends, rate_end = _stock_ends(in_force, per_10k)
    if check_lang(lang) == "zh":
        where = REGION_WORDS.get(str(in_force["region"])[-1:], "")
        text = f"截至{_zh_as_of(in_force)}，{where}有效发明专利达{count}件"
        text += f"，每万人口发明专利拥有量{rate}件" if rate else ""
        text += f"，完成{ZH_LEVEL[done[0]]}的{fmt_pct(done[1])}" if done else ""
        text += f"；预计年底有效发明专利约{ends[0]}件（80%区间{ends[1]}-{ends[2]}件）" if ends else ""
        return text + (f"，每万人口约{rate_end}件" if rate_end else "") + "。"
    month = EN_MONTHS[int(in_force["as_of_month"]) - 1]
    text = (f"Invention patents in force: {count} at the end of {month} {int(in_force['as_of_year'])}"
            + (f", {rate} per 10,000 people" if rate else ""))
    text += f" ({fmt_pct(done[1])} of the {EN_LEVEL[done[0]]})" if done else ""
    text += f"; about {ends[0]} by the year end (80% interval {ends[1]}-{ends[2]})" if ends else ""
    return text + (f", {rate_end} per 10,000" if rate_end else "") + "."
