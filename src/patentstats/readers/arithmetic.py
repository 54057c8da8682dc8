"""A table's own sums, used twice: to choose between readings the labels leave open (the basis of
type columns that do not say it, the type of a row labelled only '#', which rows are subtotals),
and to check the reading chosen (types add up to the total, regions to the total row, 国内 +
国外 to 全国, the months to a 合计 row, printed growth to this year against last)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from ..errors import InputError, format_location
from ..i18n import _
from ..labels import PATENT_TYPES, TOTAL, term
from .cells import parse_percent
from .figures import Figure, Flow, TableParts
from .meaning import NATIONAL

__all__ = ["check_and_choose"]

UNKNOWN_TYPE = "?"
ORIGINS = ("国内", "国外", "港澳台")


def check_and_choose(parts: TableParts) -> None:
    """Settle what the labels left open, then check every sum the table prints."""
    choices = (_read_unknown_types, _choose_type_basis, _choose_prev_basis, _default_basis, _drop_dashed_regions,
               _drop_unreported, _name_default_region)
    checks = (_check_unique, _find_subtotals, _check_region_totals, _check_period_totals, _check_types, _check_ytd,
              _check_growth)
    for step in (*choices, *checks):
        step(parts)


def _groups(flows: Iterable[Flow], *without: str) -> dict[tuple[object, ...], list[Flow]]:
    found: dict[tuple[object, ...], list[Flow]] = defaultdict(list)
    for flow in flows:
        found[(*flow.key(*without), flow.prev_year, flow.stored)].append(flow)
    return found


def _by_type(flows: list[Flow]) -> dict[str, Flow]:
    return {f.patent_type: f for f in flows}


def _check_unique(parts: TableParts) -> None:
    """Two figures of one table with the same meaning must agree (个人 and 非职务 are one kind);
    if they differ, the labels do not tell apart what the table does."""
    seen: dict[tuple[object, ...], Flow] = {}
    for flow in parts.flows:
        if not flow.stored:
            continue
        key = (*flow.key(), flow.prev_year)
        if (first := seen.setdefault(key, flow)) is not flow and first.value == flow.value:
            flow.stored = False
        elif first is not flow:
            raise parts.error(_("read the same way as {other!r} (row {row}): {meaning}; expected a header or label "
                                "that tells them apart").format(
                other=first.figure.column or first.figure.said_by, row=first.figure.row + 1,
                meaning=f"{term(flow.measure)}, {term(flow.patent_type)}, {term(str(flow.basis))}, "
                        f"{flow.year}-{flow.month:02d}"), flow.figure)


def _read_unknown_types(parts: TableParts) -> None:
    """A row or column whose label is unreadable ('#' in a yearbook) among types is the one type
    missing beside it, if the total minus the others gives its figure everywhere."""
    unknown = [f for f in parts.flows if f.patent_type == UNKNOWN_TYPE]
    groups = _groups(parts.flows, "patent_type")
    for label in {f.figure.said_by for f in unknown}:
        flows = [f for f in unknown if f.figure.said_by == label]
        choices = {_missing_type(f, groups[(*f.key("patent_type"), f.prev_year, f.stored)]) for f in flows}
        choice = choices.pop() if len(choices) == 1 else None
        if choice is None:
            parts.left_out.setdefault("not in the vocabulary", []).append(label)
            continue
        parts.notes.append(_("{file}: {label!r} read as {type}: the total less the other types gives its figure in every "
                             "column").format(file=parts.layout.sheet.file,
                                              label=label.split("/")[-1].strip() or _("an unlabelled line"),
                                              type=term(choice)))
        for flow in flows:
            flow.patent_type = choice
    parts.flows = [f for f in parts.flows if f.patent_type != UNKNOWN_TYPE]


def _missing_type(flow: Flow, group: list[Flow]) -> str | None:
    types = _by_type(group)
    missing = [t for t in PATENT_TYPES if t not in types]
    if len(missing) != 1 or TOTAL not in types:
        return None
    others = sum(types[t].value or 0 for t in PATENT_TYPES if t in types)
    return missing[0] if (types[TOTAL].value or 0) - others == (flow.value or 0) else None


def _choose_type_basis(parts: TableParts) -> None:
    """Type columns that do not say whether they count the month or the year take the basis of
    the total they add up to (当年累计 | 月累计 | 发明 | 实用新型 | 外观设计)."""
    open_flows = [f for f in parts.flows if f.basis is None and f.patent_type in PATENT_TYPES]
    if not open_flows:
        return
    groups = _groups(open_flows, "basis", "patent_type")
    fits = [b for b in ("count", "ytd") if all(_adds_up(group, b, parts.flows) for group in groups.values())]
    if len(fits) == 1:
        for flow in open_flows:
            flow.basis = fits[0]
        parts.notes.append((_("{file}: the types add up to this month's total, so they are read as this month")
                            if fits[0] == "count" else
                            _("{file}: the types add up to the year-to-date total, so they are read as year to date")
                            ).format(file=parts.layout.sheet.file))


def _adds_up(group: list[Flow], basis: str, flows: list[Flow]) -> bool:
    sample = group[0]
    total = next((f for f in flows if f.patent_type == TOTAL and f.basis == basis and f.prev_year == sample.prev_year
                  and f.key("basis", "patent_type") == sample.key("basis", "patent_type")), None)
    return total is not None and len(group) >= 2 and sum(f.value or 0 for f in group) == (total.value or 0)


def _default_basis(parts: TableParts) -> None:
    period = parts.info.period or parts.options.period
    default = parts.options.basis or parts.info.basis or (
        "count" if period is not None and period.is_single_month else "ytd")
    for flow in parts.flows:
        flow.basis = flow.basis or default


def _drop_unreported(parts: TableParts) -> None:
    """A region's or month's figures all blank: not reported (absent); one blank among figures: 0."""
    records: dict[tuple[object, ...], list[Flow]] = defaultdict(list)
    for flow in parts.flows:
        records[(flow.region, flow.figure.meaning.region_total, flow.year, flow.month, flow.figure.pos)].append(flow)
    empty = {id(f) for group in records.values() if all(f.value is None for f in group) for f in group}
    parts.flows = [f for f in parts.flows if id(f) not in empty]
    for flow in parts.flows:
        flow.value = flow.value or 0


def _drop_dashed_regions(parts: TableParts) -> None:
    """A region printed as '——' throughout is not reported (a zone not yet set up), not zero."""
    regions: dict[str, list[Flow]] = defaultdict(list)
    for flow in parts.flows:
        if flow.region is not None:
            regions[flow.region].append(flow)
    dashed = [name for name, flows in regions.items() if all(_is_dash(f.figure.cell) for f in flows)]
    if dashed:
        parts.flows = [f for f in parts.flows if f.region not in dashed]
        parts.notes.append(_("{file}: {regions}: every figure is a dash (not reported), left out").format(
            file=parts.layout.sheet.file, regions=", ".join(dashed)))


def _is_dash(cell: object) -> bool:
    return isinstance(cell, str) and cell.strip() != "" and set(cell.strip()) <= set("-—–－/")


def _name_default_region(parts: TableParts) -> None:
    """Figures that no label places take the region the title or --region names."""
    if any(f.region is None and f.stored for f in parts.flows):
        region = parts.default_region()
        for flow in parts.flows:
            if flow.region is None and not flow.figure.meaning.region_total:
                flow.region = region


def _region_vectors(parts: TableParts) -> dict[str, dict[tuple[object, ...], int]]:
    vectors: dict[str, dict[tuple[object, ...], int]] = {}
    for flow in sorted(parts.flows, key=lambda f: f.figure.pos):
        if flow.stored and flow.region is not None and flow.region not in (*ORIGINS, NATIONAL):
            vectors.setdefault(flow.region, {})[(*flow.key("region"), flow.prev_year)] = flow.value or 0
    return vectors


def _find_subtotals(parts: TableParts) -> None:
    """A region row that equals the rows right below (or above) it in every column is their
    subtotal (市本级 over its districts): checked, not stored."""
    vectors = _region_vectors(parts)
    names = list(vectors)
    found = {}
    for i, name in enumerate(names):
        for run in (names[i + 1:], names[:i][::-1]):
            if (parts_of := _summed_run(vectors, name, run)) is not None:
                found[name] = parts_of
                break
    for flow in parts.flows:
        if flow.region in found:
            flow.stored = False
    for name, run in found.items():
        parts.notes.append(_("{file}: {region} is the subtotal of {regions} (equal in every column): checked, not "
                             "stored").format(file=parts.layout.sheet.file, region=name, regions=", ".join(run)))


def _summed_run(vectors: dict[str, dict[tuple[object, ...], int]], name: str, run: list[str]) -> list[str] | None:
    target, running = vectors[name], dict.fromkeys(vectors[name], 0)
    for k, other in enumerate(run):
        for key in running:
            running[key] += vectors[other].get(key, 0)
        if k >= 1 and running == target and any(target.values()):
            return run[: k + 1]
        if any(running[key] > target[key] for key in running):
            return None
    return None


def _check_region_totals(parts: TableParts) -> None:
    """The total row (全市, 合计) equals the regions above it; a national row the origins. Rows
    after the ones that add up (cities inside their provinces) are kept and said."""
    regions = [f for f in parts.flows if f.stored and f.region is not None and not f.figure.meaning.region_total
               and f.region != NATIONAL]
    by_key = _groups(regions, "region")
    extra: set[str] = set()
    warned = len(parts.warnings)
    for total in (f for f in parts.flows if f.figure.meaning.region_total or f.region == NATIONAL):
        origin = total.region == NATIONAL
        members = [f for f in by_key.get((*total.key("region"), total.prev_year, True), [])
                   if (f.region in ORIGINS) == origin]
        if not origin or len(members) >= 2:  # one origin's split alone (国内 职务) has nothing to add up to
            extra |= _check_total(parts, total, sorted(members, key=lambda f: f.figure.pos))
    _one_warning(parts, warned)
    if extra:
        parts.notes.append(_("{file}: {regions} come after the regions that add up to the total (they lie inside them): "
                             "stored, not added").format(file=parts.layout.sheet.file, regions=", ".join(sorted(extra))))


def _one_warning(parts: TableParts, since: int) -> None:
    """One short total row is one warning, not one per column."""
    if len(parts.warnings) > since + 1:
        more = len(parts.warnings) - since - 1
        parts.warnings[since + 1:] = []
        parts.warnings[since] += _("; {columns} more columns fall short the same way").format(columns=more)


def _check_total(parts: TableParts, total: Flow, members: list[Flow]) -> set[str]:
    if not members:
        return set()
    added = sum(f.value or 0 for f in members)
    if added == total.value:
        return set()
    running = 0
    for k, flow in enumerate(members):
        running += flow.value or 0
        if running == total.value and k + 1 < len(members):
            return {f.region for f in members[k + 1:] if f.region}
    what = _("the origins") if total.region == NATIONAL else _("the regions above")
    if added > (total.value or 0) or total.region == NATIONAL:
        raise parts.error(_("total row says {total}, but {what} add up to {added}").format(
            total=total.value, what=what, added=added), total.figure)
    parts.warnings.append(format_location(parts.layout.sheet.file, None, total.figure.row + 1, total.figure.column) + _(
        "total row says {total}, but {what} add up to {added}: the table lists only some regions, or one is wrong (the "
        "total is not stored)").format(total=total.value, what=what, added=added))
    return set()


def _check_types(parts: TableParts) -> None:
    for group in _groups(parts.flows, "patent_type").values():
        types = _by_type(group)
        if TOTAL in types and all(t in types for t in PATENT_TYPES):
            added = sum(types[t].value or 0 for t in PATENT_TYPES)
            if added != types[TOTAL].value:
                raise parts.error(_("the total says {total}, but 发明 + 实用新型 + 外观设计 add up to {added}").format(
                    total=types[TOTAL].value, added=added), types[TOTAL].figure)


def _check_period_totals(parts: TableParts) -> None:
    """A 合计 row under monthly rows equals their sum (it is never stored)."""
    months = _groups([f for f in parts.flows if f.month and f.basis == "count"], "month", "year")
    for total in (f for f in parts.flows if f.figure.meaning.period_total):
        members = months.get((*total.key("month", "year"), total.prev_year, True), [])
        added = sum(f.value or 0 for f in members)
        if members and added != total.value and total.basis == "count":
            raise parts.error(_("total row says {total}, but the months above add up to {added}").format(
                total=total.value, added=added), total.figure)
    parts.flows = [f for f in parts.flows if not f.figure.meaning.period_total]


def _check_ytd(parts: TableParts) -> None:
    for group in _groups(parts.flows, "basis").values():
        by_basis = {f.basis: f for f in group}
        if "count" in by_basis and "ytd" in by_basis and (by_basis["ytd"].value or 0) < (by_basis["count"].value or 0):
            ytd, count = by_basis["ytd"], by_basis["count"]
            parts.warnings.append(format_location(parts.layout.sheet.file, None, ytd.figure.row + 1, ytd.figure.column)
                                  + _("the year to date ({ytd}) is below the month ({count})").format(
                                      ytd=ytd.value, count=count.value))


def _growth_checks(parts: TableParts) -> list[tuple[Figure, float, int, int, bool]]:
    """Each printed 同比 that this year and 去年同期 can be set against: the growth figure, the
    printed rate, this year, last year, and whether they agree (printed rates may be truncated
    or rounded, so one unit of the last printed decimal is allowed)."""
    flows = {(*f.key(), f.prev_year): f for f in parts.flows}
    checks = []
    for growth in parts.growth:
        printed = parse_percent(growth.cell)
        pair = _growth_pair(parts, growth, flows.get) if printed is not None else None
        if pair is None or printed is None or not pair[1]:
            continue
        now, before = pair
        agrees = abs((now - before) / before * 100 - printed[0]) <= 10 ** -printed[1] + 1e-9
        checks.append((growth, printed[0], now, before, agrees))
    return checks


def _choose_prev_basis(parts: TableParts) -> None:
    """A 去年同期 column that does not say month or year to date takes the basis under which the
    printed 同比 beside it holds."""
    open_prev = [f for f in parts.flows if f.prev_year and f.basis is None]
    for column in dict.fromkeys(f.figure.column for f in open_prev):
        flows = [f for f in open_prev if f.figure.column == column]
        agreeing = _agreements_by_basis(parts, flows)
        best = max(agreeing, key=lambda b: agreeing[b])
        chosen = best if agreeing[best] > min(agreeing.values()) else None
        for flow in flows:
            flow.basis = chosen
        if chosen:
            what = _("year to date") if chosen == "ytd" else _("the month")
            parts.notes.append(_("{file}: {column!r} read as {what}: the printed growth holds that way in {rows} "
                                 "row(s)").format(file=parts.layout.sheet.file, column=column, what=what,
                                                  rows=agreeing[chosen]))


def _agreements_by_basis(parts: TableParts, flows: list[Flow]) -> dict[str, int]:
    """How many more printed rates hold with ``flows`` read as each basis than with them unread."""
    baseline = sum(check[-1] for check in _growth_checks(parts))
    agreeing = {}
    for basis in ("ytd", "count"):
        for flow in flows:
            flow.basis = basis
        agreeing[basis] = sum(check[-1] for check in _growth_checks(parts)) - baseline
    return agreeing


def _check_growth(parts: TableParts) -> None:
    """Warn where a printed 同比 disagrees with this year against 去年同期 (never stored)."""
    for growth, printed, now, before, agrees in _growth_checks(parts):
        if not agrees:
            parts.warnings.append(format_location(parts.layout.sheet.file, None, growth.row + 1, growth.column) + _(
                "printed growth {printed:g}% but {now} against {before} is {growth:.1f}%").format(
                printed=printed, now=now, before=before, growth=(now - before) / before * 100))


def _growth_pair(parts: TableParts, growth: Figure, find: Callable[[tuple[object, ...]], Flow | None]
                 ) -> tuple[int, int] | None:
    m = growth.meaning
    try:
        year, month, basis, _ = parts._period(growth)
    except InputError:  # a rate with no period of its own is not checked
        return None
    region = m.region or m.origin or (None if m.region_total else _only_region(parts))
    for basis_tried in [basis] if m.basis else ["ytd", "count"]:
        key = (region, year, month, m.measure, m.patent_type or TOTAL, basis_tried, m.kind)
        this, prev = find((*key, False)), find((region, year - 1, *key[2:], True))
        if this is not None and prev is not None:
            return this.value or 0, prev.value or 0
    return None


def _only_region(parts: TableParts) -> str | None:
    regions = {f.region for f in parts.flows if f.stored}
    return regions.pop() if len(regions) == 1 else None
