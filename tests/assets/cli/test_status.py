"""`occupancy-elt status` on a small raw warehouse: days loaded, days not final, rows, --json."""

import json
from datetime import date, timedelta

import duckdb
import pytest

from assets.cli import main
from assets.cli.status import day_ranges
from tests.fixtures import raw_density_v3, raw_occuspace, raw_v2

FIRST, LAST = raw_density_v3.LOCAL_DAYS


def _small_warehouse(path) -> None:
    """Density v3's data status and one Occuspace fact over the fixtures' two local days, with
    their request-window stamps as the sources write them, and one dlt load of Occuspace."""
    v3_window = [
        raw_v2.local_midnight_utc(raw_v2.NEW_YORK, FIRST),
        raw_v2.local_midnight_utc(raw_v2.NEW_YORK, LAST + timedelta(days=1)),
    ]
    with duckdb.connect(str(path)) as con:
        con.execute("create schema density_v3; create schema occuspace")
        con.execute(
            "create table density_v3.data_status (floor_id varchar, date date,"
            " data_status double, window_start timestamptz, window_end timestamptz)"
        )
        for floor_id, day, share in raw_density_v3.DATA_STATUS:
            con.execute(
                "insert into density_v3.data_status values (?, ?, ?, ?, ?)",
                [floor_id, day, share, *v3_window],
            )
        con.execute(
            "create table occuspace.daily_visitors (location_id bigint, normalized_date date,"
            " visitors bigint, window_start date, window_end date)"
        )
        for day in raw_occuspace.LOCAL_DAYS:
            con.execute(
                "insert into occuspace.daily_visitors values (1, ?, 10, ?, ?)",
                [day, day, day + timedelta(days=1)],
            )
        con.execute("create table occuspace._dlt_loads (inserted_at timestamptz, status bigint)")
        con.execute("insert into occuspace._dlt_loads values ('2024-11-04 10:00:00+00', 0)")


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    _small_warehouse(path)
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(path))
    monkeypatch.setenv("OCCUPANCY_RELOAD_DAYS", "1")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return path


def _status(capsys) -> dict:
    assert main(["status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_day_ranges_are_contiguous_runs_of_days():
    days = {date(2024, 1, d) for d in (1, 2, 3, 5, 7, 8)}
    assert day_ranges(days) == [
        (date(2024, 1, 1), date(2024, 1, 3)),
        (date(2024, 1, 5), date(2024, 1, 5)),
        (date(2024, 1, 7), date(2024, 1, 8)),
    ]


def test_status_json_gives_each_sources_days_not_final_days_and_rows(warehouse, capsys):
    sources = _status(capsys)["sources"]
    assert set(sources) == {"density_v3", "occuspace"}
    loaded = [[str(FIRST), str(LAST)]]
    v3, occuspace = sources["density_v3"], sources["occuspace"]
    assert v3["days_loaded"] == occuspace["days_loaded"] == loaded
    # v3: the floor-day whose data status is below 1; Occuspace: the restatement window
    unfinished = [str(d) for _, d, share in raw_density_v3.DATA_STATUS if share < 1]
    assert v3["days_not_final"] == [[unfinished[0], unfinished[-1]]]
    assert occuspace["days_not_final"] == [[str(LAST), str(LAST)]]
    assert occuspace["rows"] == {"daily_visitors": len(raw_occuspace.LOCAL_DAYS)}
    assert v3["rows"] == {"data_status": len(raw_density_v3.DATA_STATUS)}
    assert occuspace["last_load"]["outcome"] == "loaded"
    assert v3["last_load"] is None


def test_status_for_a_person_names_ranges_and_the_not_final_days(warehouse, capsys):
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert f"days loaded     {FIRST}..{LAST}" in out
    assert f"not final yet   {LAST}" in out


def test_status_on_a_missing_warehouse_is_one_clear_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(tmp_path / "none.duckdb"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "occupancy-elt demo" in lines[0]
    assert not (tmp_path / "none.duckdb").exists()  # read-only: nothing created


@pytest.mark.slow  # a Dagster instance on disk migrates its SQLite storage: seconds
def test_status_names_the_dagster_instances_last_run_and_its_outcome(
    warehouse, tmp_path, monkeypatch, capsys
):
    from dagster import DagsterInstance, DagsterRun, DagsterRunStatus

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with DagsterInstance.get() as instance:
        for status in (DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE):
            run = instance.add_run(DagsterRun(job_name="load_and_build", status=status))
    last = _status(capsys)["last_run"]
    assert (last["run_id"], last["job"], last["status"]) == (
        run.run_id,
        "load_and_build",
        "FAILURE",
    )
