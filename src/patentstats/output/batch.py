"""Every region's monthly report, in parallel worker processes that each keep one kernel warm
across their regions, with a progress bar on a terminal (one line per region in a scheduled
run's log) and a summary."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from ..errors import PatentstatsError
from ..paths import project_root
from .kernel import report_kernel
from .printing import warm_printer
from .report import import_papermill, render_report

__all__ = ["BatchResult", "run_batch"]

Outcome = tuple[str, str | None, str | None]  # region, PDF written, or why not


@dataclass
class BatchResult:
    done: dict[str, Path]
    failed: dict[str, str]

    def summary(self) -> str:
        lines = [f"{len(self.done)} report(s) written, {len(self.failed)} failed"]
        lines += [f"  ok      {region}: {path}" for region, path in sorted(self.done.items())]
        lines += [f"  FAILED  {region}: {why}" for region, why in sorted(self.failed.items())]
        return "\n".join(lines)


def _attempt(region: str, kernel: Any, report: tuple[Any, ...]) -> Outcome:
    year, month, lang, data_path, targets_path, out_dir = report
    try:
        return region, str(render_report(region, year, month, lang, data_path, targets_path, out_dir, kernel).pdf), None
    except PatentstatsError as exc:
        return region, None, str(exc)
    except Exception as exc:  # a crash in one region's run must not stop the others
        return region, None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def _next(todo: Any, parent: int) -> str | None:
    """The next region, or None at the end, or once the batch's process is gone (stopped by a
    signal): an orphaned worker finishes the region in hand and stops."""
    return todo.get() if os.getppid() == parent else None


def _work(todo: Any, results: Any, report: tuple[Any, ...], parent: int) -> None:
    """One worker: regions from ``todo`` until None, on one kernel kept between them. After a
    failed region the kernel is replaced, since a failed run may have left anything in it. A
    worker stopped by a signal just ends (the batch's own handler is for the batch)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    region = _next(todo, parent)
    while region is not None:
        with ExitStack() as kernel_scope:
            try:
                kernel = kernel_scope.enter_context(report_kernel(project_root()))
            except Exception as exc:  # this region fails; the next one tries a new kernel
                results.put((region, None, f"the notebook could not run: {type(exc).__name__}: {exc} "
                                           f"(patentstats doctor checks the kernel)"))
                region = _next(todo, parent)
                continue
            while region is not None:
                outcome = _attempt(region, kernel, report)
                results.put(outcome)
                region = _next(todo, parent)
                if outcome[2] is not None:
                    break


def run_batch(regions: list[str], year: int, month: int, lang: str = "zh", jobs: int | None = None,
              data_path: Path | None = None, targets_path: Path | None = None, out_dir: Path | None = None,
              progress: bool = True) -> BatchResult:
    """Render each region's report in ``jobs`` worker processes (default: cores)."""
    import_papermill()  # once, here: the workers are forked with them loaded
    warm_printer()
    todo: Any = multiprocessing.Queue()
    results: Any = multiprocessing.Queue()
    report = (year, month, lang, data_path, targets_path, out_dir)
    workers = _start_workers(todo, results, report, max(1, min(jobs or os.cpu_count() or 1, len(regions))))
    for region in [*regions, *[None] * len(workers)]:  # after the forks: the queue's thread starts at its first put
        todo.put(region)
    result = _collect(results, workers, regions, progress)
    for worker in workers:
        worker.join()
    for region in regions:  # a worker that died took its region with it
        if region not in result.done and region not in result.failed:
            result.failed[region] = "its worker process stopped before finishing it"
    return result


def _start_workers(todo: Any, results: Any, report: tuple[Any, ...], count: int) -> list[Any]:
    workers = [multiprocessing.Process(target=_work, args=(todo, results, report, os.getpid()), daemon=True)
               for _ in range(count)]
    gc.freeze()  # what the workers inherit stays out of their collections: no copy-on-write pages
    for worker in workers:
        worker.start()
    gc.unfreeze()
    return workers


def _collect(results: Any, workers: list[Any], regions: list[str], progress: bool) -> BatchResult:
    """The outcomes, with a progress bar on a terminal and a line per region in a scheduled run's log."""
    from tqdm import tqdm

    result = BatchResult({}, {})
    on_terminal = progress and sys.stderr.isatty()
    with tqdm(total=len(regions), desc="reports", unit="report", file=sys.stderr, disable=not on_terminal) as bar:
        for done, (region, pdf, why) in enumerate(_outcomes(results, workers, len(regions)), start=1):
            if pdf is not None:
                result.done[region] = Path(pdf)
            else:
                result.failed[region] = why or "no reason given"
            bar.update()
            if progress and not on_terminal:
                print(f"[{done}/{len(regions)}] {'ok' if pdf else 'FAILED'} {region}", file=sys.stderr, flush=True)
    return result


def _outcomes(results: Any, workers: list[Any], expected: int) -> Iterator[Outcome]:
    """Outcomes as they come, until all are in or every worker has stopped."""
    received = 0
    while received < expected:
        try:
            outcome: Outcome = results.get(timeout=0.5)
        except Empty:
            if not any(worker.is_alive() for worker in workers) and results.empty():
                return
            continue
        received += 1
        yield outcome
