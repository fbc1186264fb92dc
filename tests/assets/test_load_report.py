"""What an ingestion step reports: each day's own rows, the run's figures, warnings as events."""

import logging
from datetime import date
from types import SimpleNamespace

from dagster import AssetKey, MaterializeResult, MetadataValue

from assets.load_report import materializations, pipeline_warnings
from pipelines.day_rows import DayRows
from pipelines.progress import SourceProgress

DAYS = ["2024-11-02", "2024-11-03"]


class _Context:
    """The parts of an asset context the report uses, recording what it is given."""

    def __init__(self, partitioned: bool = True):
        self.assets_def = SimpleNamespace(partitions_def=object() if partitioned else None)
        self.partition_keys = DAYS
        self.added: dict[tuple[AssetKey, str], dict] = {}
        self.events: list[tuple[str, str]] = []
        self.log = SimpleNamespace(
            warning=lambda text: self.events.append(("warning", text)),
            error=lambda text: self.events.append(("error", text)),
        )

    def add_asset_metadata(self, metadata, asset_key, partition_key):
        self.added[asset_key, partition_key] = metadata


def _day_rows() -> DayRows:
    rows = DayRows()
    rows.counts.update({("counts", date(2024, 11, 2)): 24, ("counts", date(2024, 11, 3)): 25})
    rows.counts.update({("spaces", None): 3})
    return rows


def _dlt_results():
    schema = {"dagster/column_schema": "kept"}
    return [
        MaterializeResult(
            asset_key=AssetKey(["density_v2", table]),
            metadata={**schema, "rows_loaded": MetadataValue.int(rows), "jobs": [{"a": 1}]},
        )
        for table, rows in (("counts", 49), ("spaces", 3))
    ]


def test_each_day_gets_its_own_rows_and_the_run_its_figures():
    context, progress = _Context(), SourceProgress("density_v2", rate=1.0, burst=60)
    progress.plan(3)
    for _ in range(3):
        progress.request(0.0)
        progress.window_done()
    results = list(materializations(context, _dlt_results(), progress, _day_rows()))
    counts_key = AssetKey(["density_v2", "counts"])
    assert {day: context.added[counts_key, day]["rows"].value for day in DAYS} == {
        "2024-11-02": 24,
        "2024-11-03": 25,
    }
    counts, spaces = (r.metadata for r in results)
    assert "rows" not in counts and counts["rows_in_run"] == 49
    assert spaces["rows"] == 3  # a dimension: the same snapshot on every day
    assert (counts["requests"], counts["windows"], counts["http_429"]) == (3, "3 of 3 planned", 0)
    assert "jobs" not in counts and counts["dagster/column_schema"] == "kept"
    assert progress.rows == {"counts": 49, "spaces": 3}


def test_an_asset_without_days_carries_the_runs_rows():
    context = _Context(partitioned=False)
    results = list(materializations(context, _dlt_results(), SourceProgress("x"), _day_rows()))
    assert context.added == {}
    assert [r.metadata["rows"] for r in results] == [49, 3]


def test_the_pipelines_warnings_become_the_runs_events_while_the_asset_runs():
    context = _Context()
    with pipeline_warnings(context):
        logging.getLogger("pipelines.occuspace").warning("location 7 is forbidden")
        logging.getLogger("pipelines.occuspace").info("not an event")
        logging.getLogger("pipelines.density_v2").error("request skipped")
    logging.getLogger("pipelines.occuspace").warning("after the asset")
    assert context.events == [("warning", "location 7 is forbidden"), ("error", "request skipped")]
