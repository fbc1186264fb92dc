"""The raw tables' checks pass on a clean load from the simulator and fail, naming the table, on a
planted duplicate key or a row outside its request window; a table not loaded yet is no failure."""

import shutil
from datetime import timedelta

import duckdb
import pytest
from dagster import AssetCheckKey, AssetKey

from assets.raw_checks import INSIDE, UNIQUE, evaluate, primary_keys
from pipelines.vendors import vendor
from tests.fixtures.warehouse import load_v2

# One dlt load (a few seconds) for the module; each test works on a copy of it.
pytestmark = pytest.mark.slow

PKS = primary_keys(vendor("density_v2"))


def _keys(name: str, *tables: str) -> list[AssetCheckKey]:
    return [AssetCheckKey(AssetKey(["density_v2", table]), name) for table in tables]


@pytest.fixture(scope="module")
def clean_load(fast_sim, tmp_path_factory):
    """Two days of Density v2 loaded from the simulator, as the ingestion asset loads them."""
    path = tmp_path_factory.mktemp("raw") / "warehouse.duckdb"
    last = fast_sim.world.now.date() - timedelta(days=1)
    load_v2(fast_sim, path, "density_v2", last - timedelta(days=1), last)
    return path


@pytest.fixture
def warehouse(clean_load, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(clean_load, path)
    with duckdb.connect(str(path)) as con:
        yield con


def test_the_keys_are_the_ones_loads_merge_on():
    assert PKS["counts"] == ["space_id", "request_interval", "timestamp"]
    assert PKS["spaces"] == ["id"]


def test_a_clean_load_passes_every_check(warehouse):
    keys = _keys(UNIQUE, *PKS) + _keys(INSIDE, "counts", "events")
    results = list(evaluate(warehouse, keys, PKS))
    assert len(results) == len(keys)
    assert all(result.passed for result in results), [r.description for r in results]


def test_a_duplicate_key_fails_naming_the_table_and_key(warehouse):
    warehouse.execute("insert into density_v2.counts select * from density_v2.counts limit 1")
    (result,) = evaluate(warehouse, _keys(UNIQUE, "counts"), PKS)
    assert not result.passed
    assert result.description.startswith(
        "density_v2.counts: (space_id, request_interval, timestamp) repeated"
    )


def test_a_row_outside_its_request_window_fails(warehouse):
    warehouse.execute(
        "update density_v2.events set timestamp = window_end"
        " where id = (select min(id) from density_v2.events)"
    )
    (result,) = evaluate(warehouse, _keys(INSIDE, "events"), PKS)
    assert not result.passed
    assert result.description.startswith("density_v2.events: 1 row(s) outside their request window")


def test_a_table_not_loaded_yet_passes_with_a_note(warehouse):
    warehouse.execute("drop table density_v2.events")
    (result,) = evaluate(warehouse, _keys(INSIDE, "events"), PKS)
    assert result.passed and result.metadata["skipped"].text == "no table density_v2.events yet"
