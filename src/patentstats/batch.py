"""Every region's monthly report, in parallel processes, with a progress bar on a terminal
(one line per region in a scheduled run's log) and a summary."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .errors import PatentstatsError
from .report import render_report

__all__ = ["BatchResult", "run_batch"]


@dataclass
class BatchResult:
    done: dict[str, Path]
    failed: dict[str, str]

    def summary(self) -> str:
        lines = [f"{len(self.done)} report(s) written, {len(self.failed)} failed"]
        lines += [f"  ok      {region}: {path}" for region, path in sorted(self.done.items())]
        lines += [f"  FAILED  {region}: {why}" for region, why in sorted(self.failed.items())]
        return "\n".join(lines)


def _one(region: str, year: int, month: int, lang: str, data_path: Path | None, targets_path: Path | None,
         out_dir: Path | None) -> Path:
    return render_report(region, year, month, lang, data_path, targets_path, out_dir).pdf


def run_batch(regions: list[str], year: int, month: int, lang: str = "zh", jobs: int | None = None,
              data_path: Path | None = None, targets_path: Path | None = None, out_dir: Path | None = None,
              progress: bool = True) -> BatchResult:
    """Render each region's report in its own process (``jobs`` at a time, default: cores)."""
    from tqdm import tqdm

    result = BatchResult({}, {})
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        futures = {pool.submit(_one, r, year, month, lang, data_path, targets_path, out_dir): r for r in regions}
        on_terminal = progress and sys.stderr.isatty()  # a scheduled run's log gets a line per region instead
        bar = tqdm(as_completed(futures), total=len(futures), desc="reports", unit="report", file=sys.stderr,
                   disable=not on_terminal)
        for done, future in enumerate(bar, start=1):
            region = futures[future]
            try:
                result.done[region] = future.result()
            except PatentstatsError as exc:
                result.failed[region] = str(exc)
            except Exception as exc:  # a crash in one region's run must not stop the others
                result.failed[region] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if progress and not on_terminal:
                state = "ok" if region in result.done else "FAILED"
                print(f"[{done}/{len(futures)}] {state} {region}", file=sys.stderr, flush=True)
    return result
