"""A run first loads the dlt packages a killed run left, so its own days are extracted too (dlt's
`run` would load only those packages and return)."""

from types import SimpleNamespace

import pytest

from assets.ingestion import finish_pending
from tests.fixtures.warehouse import query
from warehouse.destination import raw_pipeline


def _context(warnings: list[str]) -> SimpleNamespace:
    return SimpleNamespace(log=SimpleNamespace(warning=warnings.append))


@pytest.mark.slow  # three dlt loads into DuckDB
def test_a_package_left_extracted_is_loaded_before_the_run_extracts(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    pipeline = raw_pipeline("density_v2", warehouse)
    pipeline.run([{"id": 0}], table_name="earlier")  # the raw schema exists: dlt keeps packages
    pipeline.extract([{"id": 1}], table_name="left_behind")  # a run killed after extracting
    warnings: list[str] = []
    finish_pending(_context(warnings), pipeline)
    assert not pipeline.has_pending_data
    assert query(warehouse, "select id from density_v2.left_behind") == [(1,)]
    assert warnings == ["occupancy_density_v2: loading the packages a stopped run left"]
    pipeline.run([{"id": 2}], table_name="own_days")
    assert query(warehouse, "select id from density_v2.own_days") == [(2,)]


def test_nothing_pending_means_nothing_done(tmp_path):
    pipeline = raw_pipeline("density_v2", tmp_path / "warehouse.duckdb")
    warnings: list[str] = []
    finish_pending(_context(warnings), pipeline)
    assert warnings == []
    assert not (tmp_path / "warehouse.duckdb").exists()
