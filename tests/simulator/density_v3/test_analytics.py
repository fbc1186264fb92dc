"""Density v3 analytics vs the truth: v2 agreement, caps, utilization, sessions, restatement."""

from datetime import UTC, date, datetime, timedelta

from simulator.density_v3.occupancy import v3_world
from tests.fixtures.simulator import HOUR, NY_DST_END, get_all, hourly, local_midnight, parse


def _time_used_from_events(events, resets, start, end) -> int:
    """Milliseconds in [start, end) with count > 0, the count summing directions since a reset."""
    changes = sorted(
        [(r, 0, 0) for r in resets] + [(parse(e["timestamp"]), 1, e["direction"]) for e in events]
    )
    count, used = 0, timedelta(0)
    following = [c[0] for c in changes[1:]] + [end]
    for (instant, kind, step), until in zip(changes, following, strict=True):
        count = 0 if kind == 0 else count + step
        if count > 0 and min(until, end) > max(instant, start):
            used += min(until, end) - max(instant, start)
    return used // timedelta(milliseconds=1)


def test_entry_spaces_agree_with_v2_hour_by_hour_across_dst(sim, v3, v2, spaces):
    entry = [
        s
        for s in spaces.values()
        if s["counting_mode"] == "entry" and s["time_zone"] == "America/New_York"
    ]
    first, last = NY_DST_END - timedelta(days=1), NY_DST_END + timedelta(days=1)
    metrics = hourly(v3, [s["id"] for s in entry], first, last)
    for space in entry:
        start = local_midnight(first, space["time_zone"])
        end = local_midnight(last + timedelta(days=1), space["time_zone"])
        rows = get_all(
            v2,
            f"/spaces/{space['id']}/counts/",
            {"start_time": start.isoformat(), "end_time": end.isoformat(), "interval": "1h"},
        )
        buckets = metrics[space["id"]]
        assert len(rows) == len(buckets) == 73  # 24 + 25 + 24 local hours
        since = start - timedelta(days=1)
        events = get_all(
            v2,
            f"/spaces/{space['id']}/events/",
            {"start_time": since.isoformat(), "end_time": end.isoformat()},
        )
        resets = sim.world.reset_instants("density", space["id"], since, end)
        for row, (key, bucket) in zip(rows, buckets.items(), strict=True):
            analytics = row["interval"]["analytics"]
            assert parse(row["timestamp"]) == datetime.fromisoformat(key)
            assert (bucket["entrances"], bucket["exits"]) == (
                analytics["entrances"],
                analytics["exits"],
            )
            assert (bucket["occupancy_max"], bucket["occupancy_min"]) == (
                analytics["max"],
                analytics["min"],
            )
            hour = datetime.fromisoformat(key)
            assert bucket["time_used_raw"] == _time_used_from_events(
                events, resets, hour, hour + HOUR
            )
            assert bucket["up_time"] == 1.0 and bucket["is_capped"] is False


def test_waffle_counts_are_capped_at_three_and_flagged(sim, v3, spaces):
    truth = v3_world(sim.world)
    day = date(2026, 11, 17)
    for name, cap in (("F1 Huddle Pod", 3), ("F1 Open Desks", None)):
        space = truth.folio.space(spaces[name]["id"])
        stays = truth.stays(space, day)
        buckets = hourly(v3, [space.id], day, day)[space.id]
        capped = 0
        for key, bucket in buckets.items():
            if bucket["up_time"] < 1:
                continue
            a_us = int(datetime.fromisoformat(key).timestamp()) * 10**6
            b_us = a_us + 3600 * 10**6
            points = [a_us] + [t for stay in stays for t in stay if a_us <= t < b_us]
            most = max(sum(arrive <= t < leave for arrive, leave in stays) for t in points)
            expected = min(most, cap) if cap else most
            assert bucket["occupancy_max"] == expected
            assert bucket["is_capped"] is (cap is not None and most >= cap)
            assert bucket["capped_count_limit"] == (3 if bucket["is_capped"] else None)
            capped += bucket["is_capped"]
        assert (capped > 0) is (cap is not None)


def test_utilization_needs_capacity(v3, spaces):
    unset, zero = spaces["F2 Focus Pods"], spaces["F2 Collab Corner"]
    day = date(2026, 11, 17)
    metrics = hourly(v3, [unset["id"], zero["id"]], day, day)
    busy = [b for b in metrics[unset["id"]].values() if b["occupancy_max"]]
    assert busy and all(b["utilization_max"] is None for b in busy)
    busy = [b for b in metrics[zero["id"]].values() if b["occupancy_max"]]
    assert busy and all(b["utilization_max"] == 0 for b in busy)


def test_waffle_metrics_show_time_used_where_raw_sessions_show_none(v3, spaces):
    pods = [s["id"] for s in spaces.values() if s["counting_mode"] == "waffle"]
    first, last = date(2026, 11, 9), date(2026, 11, 13)
    metrics = hourly(v3, pods, first, last)
    sessions = v3.post(
        "/analytics/sessions/raw",
        json={"space_ids": pods, "start_date": f"{first}T00:00:00", "end_date": f"{last}T23:59:59"},
    ).json()["sessions"]
    assert sessions and all(
        parse(s["end_time"]) - parse(s["start_time"]) >= timedelta(minutes=5) for s in sessions
    )
    assert all(s["start_time"][-6] in "+-" and "Z" not in s["start_time"] for s in sessions)
    lonely = 0
    for pod in pods:
        spans = [
            (parse(s["start_time"]), parse(s["end_time"])) for s in sessions if s["space_id"] == pod
        ]
        for key, bucket in metrics[pod].items():
            hour = datetime.fromisoformat(key)
            if bucket["time_used_raw"] and not any(a < hour + HOUR and b > hour for a, b in spans):
                lonely += 1
                assert bucket["time_used_raw"] < 10 * 60_000
    assert lonely > 0


def test_parent_ids_are_flattened_into_their_descendants(v3, spaces):
    day = date(2026, 11, 17)
    campus, floor = spaces["Riverside Campus"], spaces["HQ Floor 2"]
    under = hourly(v3, [campus["id"]], day, day)
    counted = {
        s["id"]
        for s in spaces.values()
        if s["counting_mode"] and s["time_zone"] == "America/New_York"
    }
    assert set(under) == counted and campus["id"] not in under
    assert set(hourly(v3, [floor["id"]], day, day)) == {floor["id"], *floor["children_ids"]}


def test_recent_data_is_incomplete_then_restated(sim, v3, spaces):
    floor, desks = spaces["HQ Floor 1"], spaces["F1 Open Desks"]
    day = date(2026, 11, 19)
    body = {
        "floor_ids": [floor["id"]],
        "start_date": "2026-11-19T05:00:00Z",
        "end_date": "2026-11-20T04:59:59Z",
    }
    try:
        sim.world.now = datetime(2026, 11, 19, 23, 0, tzinfo=UTC)
        early_status = v3.post("/analytics/data-status", json=body).json()[floor["id"]]
        early = hourly(v3, [desks["id"]], day, day)[desks["id"]]
        sim.world.now += timedelta(days=1)
        late_status = v3.post("/analytics/data-status", json=body).json()[floor["id"]]
        late = hourly(v3, [desks["id"]], day, day)[desks["id"]]
    finally:
        sim.world.now = sim.config.now
    assert 0 < early_status["daily"][0]["data_status"] < 1
    assert late_status["daily"] == [{"date": "2026-11-19", "data_status": 1.0}]
    assert set(early) < set(late)  # hours after now appear later
    assert any(b["up_time"] < 1 for b in early.values())  # processed only partly
    assert any(early[k] != late[k] for k in early)
    assert sum(b["time_used_raw"] for b in early.values()) < sum(
        b["time_used_raw"] for b in late.values()
    )
