"""One writer at a time on the DuckDB file, across processes: an flock on a file beside it.

DuckDB lets one process open a file for writing, and none may read it meanwhile; a second opener
gets "Could not set lock on file". Every writer (dlt's load, dbt build, the lake export) holds the
lock exclusively, every reader shares it, so they queue instead of failing. One dlt pipeline's
working folder takes a lock of its own (two runs of one source would share its packages). The
kernel drops an flock when its process dies, so a killed run leaves no stale lock.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


def lock_path(warehouse_path: Path) -> Path:
    """The lock file of a warehouse: beside it, e.g. `warehouse.duckdb.lock`."""
    return warehouse_path.with_name(warehouse_path.name + ".lock")


@dataclass
class _Held:
    """This process's hold on one lock file: its descriptor (None when not held), the mode, how
    many hold it, and the mutex of the threads taking or releasing it."""

    fd: int | None = None
    exclusive: bool = False
    count: int = 0
    mutex: threading.RLock = field(default_factory=threading.RLock)


_HELD: dict[Path, _Held] = {}
_GUARD = threading.Lock()  # guards _HELD; a thread waiting on one file does not block others


def _holder(fd: int) -> str:
    """Who holds the lock, as its writer described itself (a reader writes nothing)."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "a reader"


def _flock(fd: int, exclusive: bool, what: str, subject: str) -> None:
    """Take the flock; if another process has it, say so once, then wait for it."""
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        log.warning("waiting for %s (held by %s) to %s", subject, _holder(fd), what)
        fcntl.flock(fd, mode)


def hold(warehouse_path: Path, what: str, *, exclusive: bool = True) -> Iterator[None]:
    """Hold the warehouse's lock while the body runs: exclusive to write, shared to read.

    Re-entrant within a process (a read inside a write holds nothing more); `what` ("dbt build")
    is what a waiting process is told the holder is doing.
    """
    return _hold(lock_path(warehouse_path.resolve()), what, exclusive, "the warehouse")


def hold_pipeline(pipelines_dir: Path, pipeline_name: str) -> Iterator[None]:
    """Hold one dlt pipeline's working folder for a whole run (extract, normalize, load)."""
    path = pipelines_dir.resolve() / f"{pipeline_name}.lock"
    return _hold(path, f"run {pipeline_name}", True, f"dlt pipeline {pipeline_name}")


@contextmanager
def _hold(path: Path, what: str, exclusive: bool, subject: str) -> Iterator[None]:
    with _GUARD:
        held = _HELD.setdefault(path, _Held())
    with held.mutex:
        if held.fd is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            held.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            _flock(held.fd, exclusive, what, subject)
            held.exclusive = exclusive
        elif exclusive and not held.exclusive:
            _flock(held.fd, True, what, subject)
            held.exclusive = True
        if exclusive:
            _describe(held.fd, f"pid {os.getpid()}: {what}")
        held.count += 1
    try:
        yield
    finally:
        with held.mutex:
            held.count -= 1
            if held.count == 0:
                if held.exclusive:
                    _describe(held.fd, "")
                os.close(held.fd)  # closing the last descriptor releases the flock
                held.fd = None


def _describe(fd: int, text: str) -> None:
    """Write what the exclusive holder is doing into the lock file, for whoever waits."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode(), 0)
