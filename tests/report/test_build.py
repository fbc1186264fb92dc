"""The charts drawn from the marts: one per spec, capped peaks apart, a mart not built said so."""

import duckdb
import pandas as pd

from report import build_report, charts
from report.build import SPECS
from report.queries import QUERIES
from tests.fixtures.marts import write_small_marts


def test_each_spec_has_its_query():
    assert [spec.key for spec in SPECS] == list(QUERIES)


def test_a_warehouse_without_marts_says_they_are_not_built(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()
    report = build_report(warehouse)
    assert report.span == ""
    assert {chart.empty for chart in report.charts} == {"No data: the marts are not built."}
    assert all(chart.png is None for chart in report.charts)


def test_one_heatmap_panel_per_building(tmp_path):
    warehouse = write_small_marts(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.sql(QUERIES["heatmap"][1]).df()
    fig = charts.heatmap(rows)
    panels = [ax.get_title() for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert panels == ["HQ", "Library"]


def test_capped_peaks_are_drawn_apart_from_exact_ones(tmp_path):
    warehouse = write_small_marts(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.sql(QUERIES["peak_capacity"][1]).df()
    ax = charts.peak_capacity(rows).axes[0]
    points = {c.get_label(): len(c.get_offsets()) for c in ax.collections}
    assert points == {
        "peak": int((~rows["is_capped"]).sum()),
        "capped peak (at least this)": int(rows["is_capped"].sum()),
    }
    assert points["capped peak (at least this)"] == 2  # the hall's two Fridays


def test_least_and_most_used_keep_the_extremes(tmp_path):
    rows = pd.DataFrame(
        {"space": [f"s{i}" for i in range(30)], "utilization": [i / 30 for i in range(30)]}
    )
    ax = charts.space_use(rows).axes[0]
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == [f"s{i}" for i in (*range(10), *range(20, 30))]
