"""Density v3 buckets in local time: every resolution, DST days, operating hours, field choice."""

from datetime import date, datetime

from tests.fixtures.simulator import NY_DST_END


def test_every_resolution_buckets_local_time(v3, spaces):
    pod = spaces["F1 Huddle Pod"]["id"]

    def ask(resolution, first, last, **extra):
        body = {
            "space_ids": [pod],
            "start_date": f"{first}T00:00:00",
            "end_date": f"{last}T23:59:59",
            "time_resolution": resolution,
            **extra,
        }
        return v3.post("/analytics/time-used", json=body).json()[pod]

    week = (date(2026, 11, 8), date(2026, 11, 14))  # Sunday to Saturday
    hours = ask("hour", *week)
    used = sum(b["time_used_raw"] for b in hours.values())
    assert len(hours) == 7 * 24 and used > 0
    assert set(ask("hour", NY_DST_END, NY_DST_END)) >= {
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:00:00-05:00",
    }
    assert len(ask("hour", NY_DST_END, NY_DST_END)) == 25
    days = ask("day", *week)
    assert list(days)[0] == "2026-11-08T00:00:00-05:00" and len(days) == 7
    for resolution in ("day", "weekday", "hour_of_day", "week", "total"):
        assert sum(b["time_used_raw"] for b in ask(resolution, *week).values()) == used
    assert list(ask("weekday", *week)) == [str(d) for d in range(7)]
    assert list(ask("hour_of_day", *week)) == [str(h) for h in range(24)]
    assert list(ask("week", *week)) == ["2026-11-08T00:00:00-05:00"]
    assert list(ask("month", date(2026, 10, 1), date(2026, 11, 14))) == [
        "2026-10-01T00:00:00-04:00",
        "2026-11-01T00:00:00-04:00",
    ]
    assert list(ask("year", date(2026, 1, 1), date(2026, 11, 14))) == ["2026-01-01T00:00:00-05:00"]
    assert len(ask("minute", week[0], week[0])) == 1440
    assert len(ask("10minute", week[0], week[0])) == 144
    office = {"days": [1, 2, 3, 4, 5], "start_hour": 8, "end_hour": 18}
    open_hours = ask("hour", *week, operating_hours=office)
    assert len(open_hours) == 5 * 10
    assert all(8 <= datetime.fromisoformat(k).hour < 18 for k in open_hours)
    assert open_hours == {k: v for k, v in hours.items() if k in open_hours}
    (total,) = ask("total", *week, operating_hours=office).values()
    assert total["time_used_raw"] == sum(b["time_used_raw"] for b in open_hours.values())
    occupancy = v3.post(
        "/analytics/occupancy",
        json={
            "space_ids": [pod],
            "start_date": f"{week[0]}T00:00:00",
            "end_date": f"{week[0]}T23:59:59",
        },
    ).json()[pod]
    assert set(next(iter(occupancy.values()))) == {
        "occupancy_avg",
        "occupancy_max",
        "occupancy_min",
        "entrances",
        "exits",
        "is_capped",
        "capped_count_limit",
        "up_time",
    }
    day = {
        "space_ids": [pod],
        "start_date": f"{week[0]}T00:00:00",
        "end_date": f"{week[0]}T23:59:59",
        "time_resolution": "day",
    }
    picked = v3.post("/analytics/metrics", json={**day, "metrics": ["time_used", "exits"]}).json()
    assert set(picked[pod][f"{week[0]}T00:00:00-05:00"]) == {
        "time_used_raw",
        "time_used_percentage",
        "exits",
        "is_capped",
        "capped_count_limit",
        "up_time",
    }
    assert v3.post("/analytics/metrics", json={**day, "metrics": ["saturation"]}).status_code == 400
