"""The day-grained marts, built over two runs of five days each, equal one full-refresh build of
the same raw data row for row; the second run leaves the first run's days alone."""

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.density_v3 import density_v3_source
from pipelines.occuspace import occuspace_source
from tests.fixtures.dbt import run_dbt
from tests.fixtures.env import last_days
from tests.fixtures.warehouse import client, load_v2, run_source, v3_client

pytestmark = pytest.mark.slow


def _load(sim, warehouse: Path, first: date, last: date) -> None:
    """Every vendor's facts for [first, last] from the simulator, as the ingestion assets land
    them."""
    for source in ("density_v2", "omnos"):
        load_v2(sim, warehouse, source, first, last)
    with v3_client(sim.api_url("density_v3"), token="tok_density_demo") as v3:
        run_source(
            warehouse, "density_v3", density_v3_source(client=v3, start_date=first, end_date=last)
        )
    with client(sim, "occuspace", "tok_occuspace_demo", vendor="Occuspace") as occuspace:
        facts = occuspace_source(client=occuspace, start_date=first, end_date=last)
        run_source(warehouse, "occuspace", facts)


def _build(workdir: Path, warehouse: Path, first: date, last: date) -> None:
    """The models for the run's days, with the vars Dagster passes (assets/dbt.py)."""
    days = json.dumps({"first_day": first.isoformat(), "last_day": last.isoformat()})
    run_dbt(workdir, warehouse, "run", "--vars", days)


def _differences(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """Rows of `table` in one warehouse and not the other (duplicates counted), either way."""
    ours, theirs = f"marts.{table}", f"reference.marts.{table}"
    return con.sql(
        f"(select 'incremental', * from (from {ours} except all from {theirs}))"
        f" union all (select 'full refresh', * from (from {theirs} except all from {ours}))"
    ).fetchall()


def test_two_incremental_runs_equal_one_full_refresh_build(fast_sim, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    first, last = last_days(fast_sim, 10)
    middle = first + timedelta(days=4)
    _load(fast_sim, warehouse, first, middle)
    _build(tmp_path / "dbt", warehouse, first, middle)
    # A mark on the first day: the second run rebuilds only its own days, so the mark stays.
    with duckdb.connect(str(warehouse)) as con:
        (marked,) = con.execute(
            "update marts.occupancy_daily set occupancy_avg = occupancy_avg / 2"
            f" where local_date = '{first}' and occupancy_avg > 0"
        ).fetchone()
    assert marked > 0
    _load(fast_sim, warehouse, middle + timedelta(days=1), last)
    _build(tmp_path / "dbt", warehouse, middle + timedelta(days=1), last)

    reference = tmp_path / "reference.duckdb"
    shutil.copy(warehouse, reference)
    run_dbt(tmp_path / "dbt", reference, "run", "--full-refresh")

    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{reference}' as reference (read_only)")
        marts = [
            name
            for (name,) in con.sql(
                "select table_name from duckdb_tables() where database_name = 'reference'"
                " and schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        assert {"occupancy_hourly", "occupancy_daily", "sessions", "floor_data_status"} <= set(
            marts
        )
        for table in marts:
            (rows,) = con.sql(f"select count(*) from marts.{table}").fetchone()
            assert rows > 0, table
            differences = _differences(con, table)
            if table == "occupancy_daily":
                # exactly the marked rows, halved in the incremental build only
                assert len(differences) == 2 * marked
                assert {row[3] for row in differences} == {first}
            else:
                assert differences == [], table
