"""The report's queries on the marts dbt builds (the session's v2 build), not hand-made ones."""

import pytest

from report import build_report

# Reads the session's dbt build: end-to-end, not the fast subset (tests/fixtures/scheduling.py).
pytestmark = pytest.mark.slow

# The v2 fixture holds one weekend (2 and 3 November 2024): nothing on a working day.
WORKING_DAY_CHARTS = {"space_use", "time_used", "effective_capacity"}


def test_every_query_reads_the_built_marts(v2_fixture_build):
    report = build_report(v2_fixture_build[0])
    drawn = {chart.key for chart in report.charts if chart.png}
    assert drawn == {chart.key for chart in report.charts} - WORKING_DAY_CHARTS
    assert {chart.empty for chart in report.charts if not chart.png} == {
        "No data: the warehouse has no rows for this chart yet."
    }
    assert report.span.startswith("local days 2024-11-02 to 2024-11-03")
