"""The Occuspace planner: hourly_occupancy day by day from earliestCount, the rest in one range."""

from collections import Counter
from datetime import date, timedelta

import pytest

from pipelines.occuspace.planner import (
    HOURLY_OCCUPANCY,
    RANGE_ENDPOINTS,
    LocationRequest,
    clipped_range,
    parse_earliest_count,
    plan_location,
    plan_requests,
)
from pipelines.windows import PlanError

START, END = date(2026, 9, 21), date(2026, 11, 19)  # 60 days


def test_hourly_occupancy_is_asked_one_day_at_a_time_and_the_rest_once():
    plan = plan_location(7, date(2025, 1, 1), START, END)
    hourly = [r for r in plan if r.endpoint == HOURLY_OCCUPANCY]
    assert [(r.start, r.end) for r in hourly] == [
        (START + timedelta(n), START + timedelta(n)) for n in range(60)
    ]
    ranged = [r for r in plan if r.endpoint != HOURLY_OCCUPANCY]
    assert ranged == [LocationRequest(7, name, START, END) for name in RANGE_ENDPOINTS]
    assert len(plan) == 64


def test_requests_never_start_before_earliest_count():
    plan = plan_location(8, date(2026, 10, 21), START, END)
    assert min(r.start for r in plan) == date(2026, 10, 21)
    assert Counter(r.endpoint for r in plan)[HOURLY_OCCUPANCY] == 30
    assert {r.start for r in plan if r.endpoint in RANGE_ENDPOINTS} == {date(2026, 10, 21)}
    assert plan_location(8, END, START, END) == [
        *(LocationRequest(8, name, END, END) for name in RANGE_ENDPOINTS),
        LocationRequest(8, HOURLY_OCCUPANCY, END, END),
    ]


@pytest.mark.parametrize("earliest", [None, END + timedelta(days=1)])
def test_a_location_without_counts_in_the_range_gets_no_request(earliest):
    assert plan_location(9, earliest, START, END) == []
    assert clipped_range(START, END, earliest) is None


def test_a_request_knows_its_path_and_inclusive_dates():
    request = LocationRequest(1560, "daily_visitors", START, END)
    assert request.path == "/locations/1560/daily_visitors"
    assert request.params == {"start": "2026-09-21", "end": "2026-11-19"}


def test_a_reversed_range_is_refused():
    with pytest.raises(PlanError, match="end date 2026-09-20 is before start date 2026-09-21"):
        plan_location(1, date(2025, 1, 1), START, date(2026, 9, 20))


def test_earliest_count_is_parsed_from_a_date_or_a_timestamp():
    assert parse_earliest_count("2020-01-15") == date(2020, 1, 15)
    assert parse_earliest_count("2020-01-15T08:00:00.000Z") == date(2020, 1, 15)
    assert parse_earliest_count(None) is None
    with pytest.raises(PlanError, match="earliestCount 'soon'"):
        parse_earliest_count("soon")


def test_a_whole_account_is_planned_from_location_nodes():
    nodes = [
        {"id": 1, "earliestCount": "2025-09-01"},
        {"id": 2, "earliestCount": "2026-10-21"},
        {"id": 3, "earliestCount": None},
        {"id": 4},
    ]
    plan = plan_requests(nodes, START, END)
    per_location = Counter(r.location_id for r in plan)
    assert per_location == {1: 4 + 60, 2: 4 + 30}
    assert len(set(plan)) == len(plan)
