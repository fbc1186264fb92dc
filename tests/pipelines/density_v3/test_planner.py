"""The Density v3 planner: window sizes, DST, batches, floors, and bodies the vendor accepts."""

from datetime import date, timedelta
from itertools import pairwise
from math import ceil

import pytest

from pipelines.density_v3.parse import FloorStatus
from pipelines.density_v3.planner import (
    DATA_STATUS_MAX_FLOORS,
    SESSIONS_MAX_DAYS,
    SPACE_BATCH,
    LocalDays,
    StatusAsk,
    analytics_requests,
    backfill_requests,
    batches,
    by_time_zone,
    data_status_asks,
    data_status_requests,
    day_windows,
    health_requests,
    presence_floors,
    resolve,
    sessions_requests,
    utc_day_windows,
)
from pipelines.windows import PlanError
from simulator.density_v3 import query as rules

FIRST, LAST = date(2026, 6, 23), date(2026, 11, 19)  # 150 days, across both autumn DST changes
ZONES = ("America/New_York", "Europe/London", "Asia/Kolkata")
NY = ZONES[0]


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


def _days(ask: StatusAsk) -> list[date]:
    return [
        ask.days.first + timedelta(days=i) for i in range((ask.days.last - ask.days.first).days + 1)
    ]


class Vendor:
    """Answers data-status asks from per-(floor, day) shares, per period or per day; counts asks."""

    def __init__(self, shares: dict[tuple[str, date], float], per_day: bool = False) -> None:
        self.shares, self.per_day, self.asked = shares, per_day, []

    def __call__(self, ask: StatusAsk) -> dict[str, FloorStatus]:
        self.asked.append(ask)
        found = {}
        for floor in ask.floor_ids:
            days = [self.shares.get((floor, d), 1.0) for d in _days(ask)]
            daily = [
                {"date": d.isoformat(), "data_status": s}
                for d, s in zip(_days(ask), days, strict=True)
            ]
            found[floor] = FloorStatus(sum(days) / len(days), daily if self.per_day else None, {})
        return found


def _final(found) -> dict[tuple[str, str], float]:
    return {(r["floor_id"], r["date"]): r["data_status"] for _, rows in found for r in rows}


def test_per_period_answers_are_split_until_each_incomplete_day_is_known():
    spaces = _spaces()
    asks = data_status_asks(spaces, FIRST, LAST)
    floors = [f["id"] for f in presence_floors(spaces)]
    late = {
        (floors[0], LAST): 0.4,
        (floors[0], LAST - timedelta(days=1)): 0.0,
        (floors[3], LAST): 0.9,
    }
    vendor = Vendor(late)
    final = _final(resolve(asks, vendor))
    expected = {
        (f, d.isoformat()): late.get((f, d), 1.0)
        for a in asks
        for f in a.floor_ids
        for d in _days(a)
    }
    assert final == expected  # every (floor, local day) once, with its own status
    splits = [
        a
        for a in vendor.asked
        if len(_days(a)) > 1 and any((f, d) in late for f in a.floor_ids for d in _days(a))
    ]
    assert len(vendor.asked) == len(asks) + 2 * len(splits)
    assert len(vendor.asked) < len(asks) + 2 * len(asks)  # far fewer than one request per day
    for ask in vendor.asked:
        assert len(ask.floor_ids) <= DATA_STATUS_MAX_FLOORS
        assert ask.request.window.end - ask.request.window.start <= timedelta(days=10)


def test_one_late_day_in_a_ten_day_window_costs_three_splits():
    ask = StatusAsk(("spc_f",), LocalDays(date(2026, 11, 10), date(2026, 11, 19)), "Asia/Kolkata")
    vendor = Vendor({("spc_f", date(2026, 11, 19)): 0.5})
    final = _final(resolve([ask], vendor))
    assert final[("spc_f", "2026-11-19")] == 0.5 and len(final) == 10
    # 10 days -> 5 + 5 -> 3 + 2 -> 1 + 1: the window, then three halvings of two requests each
    assert [len(_days(a)) for a in vendor.asked] == [10, 5, 5, 3, 2, 1, 1]


def test_only_incomplete_floors_are_asked_again():
    ask = StatusAsk(("spc_a", "spc_b"), LocalDays(date(2026, 11, 18), date(2026, 11, 19)), NY)
    vendor = Vendor({("spc_b", date(2026, 11, 19)): 0.25})
    final = _final(resolve([ask], vendor))
    assert [a.floor_ids for a in vendor.asked] == [("spc_a", "spc_b"), ("spc_b",), ("spc_b",)]
    assert final == {
        ("spc_a", "2026-11-18"): 1.0,
        ("spc_a", "2026-11-19"): 1.0,
        ("spc_b", "2026-11-18"): 1.0,
        ("spc_b", "2026-11-19"): 0.25,
    }


def test_per_day_answers_are_used_as_sent_without_a_split():
    spaces = _spaces()
    asks = data_status_asks(spaces, FIRST, LAST)
    floor = presence_floors(spaces)[0]["id"]
    vendor = Vendor({(floor, LAST): 0.4}, per_day=True)
    final = _final(resolve(asks, vendor))
    assert len(vendor.asked) == len(asks) and final[(floor, LAST.isoformat())] == 0.4


def test_an_unreadable_answer_is_skipped_without_follow_ups():
    ask = StatusAsk(("spc_a",), LocalDays(date(2026, 11, 10), date(2026, 11, 19)), NY)
    asked = []
    assert list(resolve([ask, ask], lambda a: asked.append(a))) == [] and len(asked) == 2


def test_data_status_requests_are_the_first_asks():
    spaces = _spaces()
    assert data_status_requests(spaces, FIRST, LAST) == [
        a.request for a in data_status_asks(spaces, FIRST, LAST)
    ]
