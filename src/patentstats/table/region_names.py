"""Region names in the targets file checked against the data, without loading pandas (the
report and batch commands start their kernels first): a typo in targets.yaml must not turn a
report silently into "未设目标"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["unknown_target_regions", "closest_names"]


def closest_names(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The names in ``known`` most like ``name`` (difflib's ratio, at least 0.3).

    >>> closest_names("永修", ["永修县", "武宁县", "九江市"])
    ['永修县']
    """
    return difflib.get_close_matches(name, list(known), n=n, cutoff=0.3)


def unknown_target_regions(targets_path: Path | str | None, data_regions: Iterable[str]) -> list[str]:
    """One warning per region of the targets file that the data do not hold, naming the closest
    regions that they do. Nothing when the file is missing or unreadable (loading it says why)."""
    import yaml

    from ..paths import targets_file

    path = Path(targets_path) if targets_path is not None else targets_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    if not isinstance(data, dict):
        return []
    known = sorted(set(data_regions))
    warnings = []
    for region in (str(r) for r in data if r != "applicant_milestone"):
        if region not in known:
            close = closest_names(region, known)
            hint = f"; closest in the data: {', '.join(close)}" if close else f"; the data hold {', '.join(known[:5])}"
            warnings.append(f"{path.name}: region {region!r} is not in the data, so its targets are not used{hint}")
    return warnings
