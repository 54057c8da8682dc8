"""Who issues the report and where its figures come from: ``report.yaml`` beside the targets
file, e.g.

    issuer: 永修县科学技术局        # 编制单位
    source: 各乡镇上报数据，国家知识产权局专利检索   # 数据来源

Both are optional; the header block shows what is set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
from .paths import targets_file

__all__ = ["ReportSettings", "load_report_settings"]

FIELDS = ("issuer", "source")


@dataclass(frozen=True)
class ReportSettings:
    issuer: str = ""
    source: str = ""


def load_report_settings(targets_path: Path | str | None = None) -> ReportSettings:
    """report.yaml beside the targets file; empty settings when there is none."""
    path = Path(targets_path or targets_file()).with_name("report.yaml")
    if not path.is_file():
        return ReportSettings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"not readable YAML ({type(exc).__name__})", file=path.name) from None
    if not isinstance(data, dict) or set(data) - set(FIELDS):
        raise InputError(f"expected the keys {', '.join(FIELDS)}", file=path.name)
    return ReportSettings(**{key: str(data.get(key) or "").strip() for key in FIELDS})
