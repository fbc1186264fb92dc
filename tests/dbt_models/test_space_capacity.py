"""marts.space_capacity on the session's v2 build: its unit test passes, one row per space."""

import pytest

from tests.fixtures.dbt import query

# Reads the session's dbt build: end-to-end, not the fast subset (tests/fixtures/scheduling.py).
pytestmark = pytest.mark.slow


def test_the_effective_capacity_unit_test_passes(v2_fixture_build):
    statuses = {r["unique_id"]: r["status"] for r in v2_fixture_build[1]["results"]}
    unit_test = (
        "unit_test.occupancy.space_capacity"
        ".space_capacity_is_the_95th_percentile_of_working_day_peaks"
    )
    assert statuses[unit_test] == "pass"


def test_every_space_has_its_nominal_capacity_and_no_working_day_on_a_weekend(v2_fixture_build):
    warehouse = v2_fixture_build[0]
    rows = query(
        warehouse,
        "select s.space_key, s.capacity, c.capacity, c.effective_capacity, c.working_days"
        " from marts.spaces as s left join marts.space_capacity as c using (space_key)",
    )
    assert rows
    # the fixture's days are Saturday 2 and Sunday 3 November 2024: no working day to read
    assert all(row[1] == row[2] and row[3] is None and row[4] == 0 for row in rows)
