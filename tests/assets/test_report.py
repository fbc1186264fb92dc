"""The report through the command line and as a Dagster asset of the load job."""

import pytest
from dagster import AssetKey, materialize

from assets.cli import main
from assets.jobs import load_selection, range_tags
from assets.report import occupancy_report
from assets.resources import Warehouse
from report.build import SPECS
from tests.fixtures.marts import write_small_marts
from tests.report.pages import png_size, sane

REPORT_KEY = AssetKey(["report", "occupancy"])


def test_report_prints_the_one_path_it_wrote(tmp_path, capsys):
    warehouse = write_small_marts(tmp_path / "w.duckdb", empty=True)
    output = tmp_path / "pictures" / "r.html"
    assert main(["report", "--warehouse", str(warehouse), "--output", str(output)]) == 0
    assert capsys.readouterr().out == f"{output}\n"
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_defaults_to_the_file_beside_the_environments_warehouse(
    tmp_path, capsys, monkeypatch
):
    warehouse = write_small_marts(tmp_path / "w.duckdb", empty=True)
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(warehouse))
    assert main(["report"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'report.html'}\n"


def test_report_without_a_warehouse_is_one_line(tmp_path, capsys):
    assert main(["report", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("occupancy-elt: error: no warehouse at ") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_load_job_builds_the_report_after_the_marts():
    from assets.definitions import defs

    graph = defs.resolve_asset_graph()
    assert REPORT_KEY in load_selection(["density_v2"]).resolve(graph)
    assert AssetKey(["marts", "space_capacity"]) in graph.get(REPORT_KEY).parent_keys


# Starts a Dagster run and renders every chart: with the end-to-end tests.
@pytest.mark.slow
def test_the_last_day_of_a_run_shows_every_chart_and_each_day_the_file(tmp_path):
    warehouse = write_small_marts(tmp_path / "w.duckdb")
    result = materialize(
        [occupancy_report],
        resources={"warehouse": Warehouse(path=str(warehouse), lake=str(tmp_path / "lake"))},
        tags=range_tags("2024-11-13", "2024-11-15"),
    )
    events = {
        event.partition: event.metadata
        for event in result.asset_materializations_for_node("report__occupancy")
    }
    assert sorted(events) == ["2024-11-13", "2024-11-14", "2024-11-15"]
    for metadata in events.values():
        assert metadata["path"].value == str(tmp_path / "report.html")
    assert not any(spec.title in events["2024-11-13"] for spec in SPECS)
    for spec in SPECS:
        markdown = events["2024-11-15"][spec.title].value
        assert markdown.startswith(spec.caption)
        src = markdown[markdown.index("](") + 2 : -1]
        assert sane(png_size(src)), spec.title
