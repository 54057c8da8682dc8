"""Who issues the report and where its figures come from: ``report.yaml`` beside the targets
file, e.g.

    issuer: 永修县科学技术局        # 编制单位
    source: 各乡镇上报数据，国家知识产权局专利检索   # 数据来源
    english_names:                  # the gloss English reports give a region's name
      永修县: Yongxiu County

All are optional; the header block shows what is set."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..paths import targets_file
from ..table.settings_yaml import read_settings_yaml

__all__ = ["ReportSettings", "load_report_settings"]

FIELDS = ("issuer", "source", "english_names")


@dataclass(frozen=True)
class ReportSettings:
    issuer: str = ""
    source: str = ""
    english_names: dict[str, str] = field(default_factory=dict)

    def region_name(self, region: str, lang: str) -> str:
        """The region as a report in ``lang`` names it: '永修县 (Yongxiu County)' in English when glossed."""
        gloss = self.english_names.get(region)
        return f"{region} ({gloss})" if lang == "en" and gloss else region


def load_report_settings(targets_path: Path | str | None = None) -> ReportSettings:
    """report.yaml beside the targets file; empty settings when there is none."""
    path = Path(targets_path or targets_file()).with_name("report.yaml")
    if not path.is_file():
        return ReportSettings()
    data = read_settings_yaml(path) or {}
    names = data.get("english_names") or {} if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) - set(FIELDS) or not isinstance(names, dict):
        raise InputError(f"expected the keys {', '.join(FIELDS)}, english_names a mapping of region to name",
                         file=path.name)
    return ReportSettings(str(data.get("issuer") or "").strip(), str(data.get("source") or "").strip(),
                          {str(k): str(v).strip() for k, v in names.items()})
