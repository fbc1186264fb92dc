"""The Density v3 planner: window sizes, DST, batches, floors, and bodies the vendor accepts."""

from datetime import date, timedelta
from itertools import pairwise
from math import ceil

import pytest

from pipelines.density_v3.planner import (
    DATA_STATUS_MAX_FLOORS,
    SESSIONS_MAX_DAYS,
    SPACE_BATCH,
    analytics_requests,
    backfill_requests,
    batches,
    by_time_zone,
    data_status_requests,
    day_windows,
    health_requests,
    presence_floors,
    sessions_requests,
    utc_day_windows,
)
from pipelines.windows import PlanError
from simulator.density_v3 import query as rules

FIRST, LAST = date(2026, 6, 23), date(2026, 11, 19)  # 150 days, across both autumn DST changes
ZONES = ("America/New_York", "Europe/London", "Asia/Kolkata")


def _spaces(entry_per_zone: int = 3, floors_per_zone: int = 2) -> list[dict]:
    """A synthetic listing: per zone some entry spaces and floors each holding one open area."""
    spaces = []
    for zone in ZONES:
        for n in range(entry_per_zone):
            spaces.append(
                {
                    "id": f"spc_{zone}_e{n}",
                    "time_zone": zone,
                    "space_type": "space",
                    "counting_mode": "entry",
                    "children_ids": [],
                }
            )
        for n in range(floors_per_zone):
            area = f"spc_{zone}_a{n}"
            spaces.append(
                {
                    "id": f"spc_{zone}_f{n}",
                    "time_zone": zone,
                    "space_type": "floor",
                    "counting_mode": None,
                    "children_ids": [area],
                }
            )
            spaces.append(
                {
                    "id": area,
                    "time_zone": zone,
                    "space_type": "space",
                    "counting_mode": "waffle" if n % 2 else "oa",
                    "children_ids": [],
                }
            )
        spaces.append(
            {
                "id": f"spc_{zone}_campus",
                "time_zone": zone,
                "space_type": "campus",
                "counting_mode": None,
                "children_ids": [],
            }
        )
    return spaces


def test_day_windows_hold_whole_local_days_with_an_inclusive_end():
    windows = day_windows(FIRST, LAST, SESSIONS_MAX_DAYS)
    assert [(w.last - w.first).days + 1 for w in windows] == [60, 60, 30]
    assert windows[0].start_date == "2026-06-23T00:00:00"
    assert windows[0].end_date == "2026-08-21T23:59:59"
    assert all(b.first == a.last + timedelta(days=1) for a, b in pairwise(windows))
    with pytest.raises(PlanError, match="before start date"):
        day_windows(LAST, FIRST, 7)


@pytest.mark.parametrize("zone", ZONES)
def test_utc_windows_stay_within_ten_days_across_dst(zone):
    windows = utc_day_windows(FIRST, LAST, zone)
    spans = [w.end - w.start - timedelta(seconds=1) for w in windows]
    assert all(span <= timedelta(days=10) for span in spans)
    assert all(a.end == b.start for a, b in pairwise(windows))
    days = sum(round((w.end - w.start) / timedelta(days=1)) for w in windows)
    assert days == 150
    if zone == "Asia/Kolkata":
        assert len(windows) == 15
    else:  # the 25-hour day of October makes one window a day shorter
        assert len(windows) == 16 and min(spans) < timedelta(days=9, hours=2)


def test_batches_and_time_zone_groups():
    assert batches(list("abcdefg"), 3) == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    groups = by_time_zone(_spaces())
    assert list(groups) == sorted(ZONES)
    assert all(len(ids) == 3 + 2 * 2 + 1 for ids in groups.values())
    with pytest.raises(PlanError):
        batches(["a"], 0)


def test_presence_floors_are_the_floors_with_open_areas():
    spaces = _spaces()
    spaces.append(
        {
            "id": "spc_entry_floor",
            "time_zone": "UTC",
            "space_type": "floor",
            "counting_mode": "entry",
            "children_ids": ["spc_America/New_York_e0"],
        }
    )
    floors = [f["id"] for f in presence_floors(spaces)]
    assert len(floors) == 6 and "spc_entry_floor" not in floors


def test_request_counts_follow_the_formula():
    spaces = _spaces(entry_per_zone=60, floors_per_zone=7)  # 74 counted spaces, 7 floors per zone
    days = (LAST - FIRST).days + 1
    batches_per_zone = ceil(74 / SPACE_BATCH)
    assert len(analytics_requests(spaces, FIRST, LAST)) == 3 * batches_per_zone * ceil(days / 7)
    sessions = sessions_requests(spaces, FIRST, LAST)
    assert len(sessions) == 3 * batches_per_zone * ceil(days / 60)
    health_windows = sum(len(utc_day_windows(FIRST, LAST, z)) for z in ZONES)
    assert len(health_requests(spaces, FIRST, LAST)) == batches_per_zone * health_windows
    status = data_status_requests(spaces, FIRST, LAST)
    assert len(status) == ceil(7 / DATA_STATUS_MAX_FLOORS) * health_windows
    assert all(1 <= len(r.body["floor_ids"]) <= DATA_STATUS_MAX_FLOORS for r in status)
    assert all(len(r.body["space_ids"]) <= SPACE_BATCH for r in sessions)


def test_one_zone_per_request_and_every_space_day_covered_once():
    spaces = _spaces()
    zone_of = {s["id"]: s["time_zone"] for s in spaces}
    requests = analytics_requests(spaces, FIRST, LAST)
    covered: dict[str, list] = {}
    for request in requests:
        assert {zone_of[i] for i in request.body["space_ids"]} == {request.time_zone}
        for space_id in request.body["space_ids"]:
            covered.setdefault(space_id, []).append(request.window)
    for windows in covered.values():
        windows.sort(key=lambda w: w.start)
        assert all(a.end == b.start for a, b in pairwise(windows))


def test_every_planned_body_passes_the_vendors_rules():
    for request in backfill_requests(_spaces(), FIRST, LAST):
        body = request.body
        if request.path == "/analytics/metrics":
            start, end, resolution = rules.analytics_range(body)
            assert resolution == "hour" and end - start <= timedelta(days=6, seconds=86399)
        elif request.path == "/analytics/sessions/raw":
            start, end = rules.sessions_range(body)
            assert end - start <= timedelta(days=60)
        elif request.path == "/sensors/health":
            rules.health_range(body)
            rules.sensor_filter(body)
        else:
            rules.data_status_request(body)
