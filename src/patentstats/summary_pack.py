"""The annual work-summary pack: charts (PNG at 300 dpi and SVG), tables (.xlsx) and the
drafted sentences (.md) for one region and year, written to reports/<region>/<year>/summary/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from . import plots
from .atomic import atomic_path
from .counts import load_counts, load_incomplete
from .metrics import latest_month, status_table
from .narrative import summary_paragraph
from .paths import reports_dir
from .projection import project_year_end
from .report import safe_name
from .targets import load_targets
from .views import status_frame

__all__ = ["SummaryPack", "write_summary_pack"]


@dataclass
class SummaryPack:
    sentences: str
    figures: dict[str, Figure]
    files: list[Path] = field(default_factory=list)


def write_summary_pack(region: str, year: int, lang: str = "zh", data_path: Path | str | None = None,
                       targets_path: Path | str | None = None, out_dir: Path | str | None = None) -> SummaryPack:
    """Charts, tables and sentences for ``region``'s ``year`` (through its latest month)."""
    counts = load_counts(data_path, region=region)
    targets = load_targets(targets_path).table
    month = latest_month(counts, region, year)
    status = status_table(counts, region, year, month, targets)
    projection = project_year_end(counts, region, year, month, targets,
                                  incomplete=load_incomplete(region, data_path))
    figures = {
        "cumulative_applications": plots.plot_cumulative_vs_target(counts, region, year, "applications", targets, lang),
        "cumulative_grants": plots.plot_cumulative_vs_target(counts, region, year, "grants", targets, lang),
        "monthly_applications": plots.plot_monthly_by_type(counts, region, year, "applications", lang),
        "monthly_grants": plots.plot_monthly_by_type(counts, region, year, "grants", lang),
        "completion": plots.plot_completion_vs_time(status, region, lang),
        "type_mix": plots.plot_type_mix(counts, region, "applications", lang, month=month),
        "yoy": plots.plot_yoy_by_type(status, region, lang),
    }
    folder = Path(out_dir) if out_dir else reports_dir() / safe_name(region) / str(year) / "summary"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, figure in figures.items():
        for suffix, dpi in ((".png", 300), (".svg", None)):
            path = folder / f"{name}_{lang}{suffix}"
            with atomic_path(path) as tmp:
                figure.savefig(tmp, dpi=dpi, format=suffix[1:])
            files.append(path)
    sentences = summary_paragraph(status, month, lang, projection)
    text_path = folder / f"summary_{lang}.md"
    with atomic_path(text_path) as tmp:
        tmp.write_text(sentences + "\n", encoding="utf-8")
    tables_path = folder / f"tables_{lang}.xlsx"
    monthly = counts[(counts["year"].isin([year - 1, year]))].pivot_table(
        index=["year", "month"], columns=["measure", "patent_type"], values="count", aggfunc="first")
    monthly.columns = ["_".join(map(str, column)) for column in monthly.columns]

    with atomic_path(tables_path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as excel:
        status_frame(status, projection, lang).to_excel(excel, sheet_name="status", index=False)
        monthly.to_excel(excel, sheet_name="monthly")
    return SummaryPack(sentences, figures, [*files, text_path, tables_path])
