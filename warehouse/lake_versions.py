"""The lake's versions: each export is written whole beside the lake, then the lake path (a symlink)
is pointed at it with one atomic rename, so a reader, or a process killed mid-export, sees the old
lake or the new one, never half of each."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

# Versions this process is still writing (a thread may export while another publishes).
_writing: set[Path] = set()


def versions_dir(lake: Path) -> Path:
    """Where the versions of `lake` live: a hidden sibling, so the lake path itself holds only
    schema folders (readers glob `*/*` there)."""
    return lake.parent / f".{lake.name}.versions"


def new_version(lake: Path) -> Path:
    """An empty folder for the next export, named by this process (see `prune`)."""
    version = versions_dir(lake) / f"{os.getpid()}-{uuid.uuid4().hex}"
    version.mkdir(parents=True)
    _writing.add(version)
    return version


def discard(version: Path) -> None:
    """Delete a version that will not be published (its export failed)."""
    _writing.discard(version)
    shutil.rmtree(version, ignore_errors=True)


def publish(version: Path, lake: Path) -> None:
    """Make `version` the lake with one rename of a symlink over the old one, then delete the
    versions nobody can be reading: the one just replaced stays (a reader may be mid-query)."""
    previous = lake.resolve() if lake.is_symlink() else None
    if lake.exists() and not lake.is_symlink():
        # a lake exported before versions existed: it becomes the previous version (the one
        # moment without a lake, once, when a lake folder is upgraded)
        previous = versions_dir(lake) / f"{os.getpid()}-{uuid.uuid4().hex}"
        lake.rename(previous)
    link = lake.with_name(f".{lake.name}.{os.getpid()}-{uuid.uuid4().hex}.link")
    link.symlink_to(version.relative_to(lake.parent))
    os.replace(link, lake)
    _writing.discard(version)
    prune(lake, keep={version, *filter(None, [previous])})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(path: Path, name: str) -> bool:
    """Whether no one writes the version or link `path` (named `<pid>-...`) any more: its
    process is gone, or is this one and has finished with it."""
    pid = name.split("-", 1)[0]
    if not pid.isdigit():
        return True
    if int(pid) == os.getpid():
        return path not in _writing
    return not _alive(int(pid))


def prune(lake: Path, keep: set[Path]) -> None:
    """Delete every version but `keep`: those a killed export left half-written, and old ones;
    a version (or link) another live process is writing is left to it."""
    kept = {k.resolve() for k in keep}
    for version in versions_dir(lake).iterdir():
        if version.resolve() not in kept and _abandoned(version, version.name):
            shutil.rmtree(version, ignore_errors=True)
    for link in lake.parent.glob(f".{lake.name}.*.link"):
        if _abandoned(link, link.name.removeprefix(f".{lake.name}.")):
            link.unlink(missing_ok=True)
