"""The lake's versions: published whole with one rename, the old one kept for readers mid-query,
what a killed or failed export left behind cleaned up, and a version another export is writing
left alone."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.lake import connect_lake, export_lake
from warehouse.lake_versions import new_version, publish, versions_dir


def _version(lake: Path, text: str) -> Path:
    version = new_version(lake)
    (version / "marts").mkdir()
    (version / "marts" / "note").write_text(text)
    return version


def _dead_pid() -> int:
    """The id of a process that has exited (and was reaped)."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_publishing_points_the_lake_at_the_new_version_and_keeps_the_one_before(tmp_path):
    lake = tmp_path / "lake"
    first, second, third = (_version(lake, text) for text in ("one", "two", "three"))
    publish(first, lake)
    publish(second, lake)
    assert (lake / "marts" / "note").read_text() == "two"
    assert lake.is_symlink() and lake.resolve() == second.resolve()
    publish(third, lake)
    assert (lake / "marts" / "note").read_text() == "three"
    assert sorted(versions_dir(lake).iterdir()) == sorted([second, third])
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".link")] == []


def test_a_lake_folder_from_before_versions_becomes_the_previous_version(tmp_path):
    lake = tmp_path / "lake"
    (lake / "marts").mkdir(parents=True)
    (lake / "marts" / "note").write_text("old")
    publish(_version(lake, "new"), lake)
    assert (lake / "marts" / "note").read_text() == "new"
    kept = [v / "marts" / "note" for v in versions_dir(lake).iterdir()]
    assert sorted(p.read_text() for p in kept) == ["new", "old"]


def test_what_a_dead_export_left_goes_and_what_a_live_one_writes_stays(tmp_path):
    lake = tmp_path / "lake"
    abandoned = versions_dir(lake) / f"{_dead_pid()}-half"
    in_progress = versions_dir(lake) / f"{os.getppid()}-busy"
    for folder in (abandoned, in_progress):
        folder.mkdir(parents=True)
    publish(_version(lake, "one"), lake)
    assert not abandoned.exists()
    assert in_progress.exists()


def test_a_failed_export_leaves_the_lake_as_it_was_and_no_half_version(tmp_path):
    warehouse, lake = tmp_path / "warehouse.duckdb", tmp_path / "lake"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.spaces as select 1 as space_key")
    export_lake(warehouse, lake, ())
    published = lake.resolve()
    with duckdb.connect(str(warehouse)) as con:
        con.execute('insert into marts.spaces values (2); create table marts."Bad" (a int)')
    with pytest.raises(ValueError, match="not a plain lower-case identifier"):
        export_lake(warehouse, lake, ())
    assert lake.resolve() == published
    assert list(versions_dir(lake).iterdir()) == [published]
    with connect_lake(lake) as con:
        assert con.sql("select space_key from marts.spaces").fetchall() == [(1,)]
