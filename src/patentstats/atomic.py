"""Writing files so that a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = ["temp_beside", "publish", "atomic_path", "locked", "publish_together", "remove_stale_temps"]


def temp_beside(path: Path) -> Path:
    """An empty temporary file in the same folder (so the final rename is atomic), same suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    return Path(tmp)


def publish(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` over ``path``, readable as a normally created file would be (mkstemp's
    files are private to their owner)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``, on failure it is removed."""
    tmp = temp_beside(path)
    try:
        yield tmp
        publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


STALE_SECONDS = 3600  # a temporary file this old, found under the lock, was left by a killed run


@contextmanager
def locked(lock: Path) -> Iterator[None]:
    """Hold ``lock`` while the block runs: two runs at once write one after the other, never
    interleaved. ``lock`` is a lock file (kept, one per output) or a folder, which is locked
    itself and leaves no file behind."""
    if lock.is_dir():
        fd = os.open(lock, os.O_RDONLY)
    else:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_stale_temps(path: Path) -> None:
    """Temporary files of ``path`` left by a run that was killed (kill -9, power cut)."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.stem}.*{path.suffix}"):
        with suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_SECONDS:
                tmp.unlink()


def publish_together(writers: dict[Path, Callable[[Path], object]], folder: Path) -> None:
    """Write every file to a temporary beside it, and only when all are written (a full disk
    fails here, leaving the old set) rename them over their paths, with ``folder`` locked."""
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        temps: dict[Path, Path] = {}
        try:
            for path, write in writers.items():
                remove_stale_temps(path)
                temps[path] = temp_beside(path)
                write(temps[path])
                with temps[path].open("rb") as handle:
                    os.fsync(handle.fileno())
            for path, tmp in temps.items():
                publish(tmp, path)
        finally:
            for tmp in temps.values():
                tmp.unlink(missing_ok=True)
