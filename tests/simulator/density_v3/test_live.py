"""Density v3 health and the live endpoints: outages in up_time and presence, current counts."""

from datetime import datetime, timedelta

from tests.fixtures.simulator import HOUR, get_all, hourly, parse


def test_outages_lower_up_time_and_hide_presence(sim, v3, spaces):
    area = spaces["London Meeting Pod"]
    (sensor,) = v3.post("/sensors", json={"space_ids": [area["id"]]}).json()
    changes = v3.post(
        "/sensors/health",
        json={
            "serial_numbers": [sensor["serial_number"]],
            "start_date": "2026-11-05T00:00:00Z",
            "end_date": "2026-11-14T23:59:59Z",
        },
    ).json()[sensor["serial_number"]]
    assert {c["health_status"] for c in changes} >= {"offline", "healthy"}
    down = [
        (parse(a["timestamp"]), parse(b["timestamp"]))
        for a, b in zip(changes, changes[1:], strict=False)
        if a["health_status"] in ("offline", "unknown")
    ]
    start, end = down[0]
    metrics = hourly(v3, [area["id"]], start.date() - timedelta(days=1), start.date())[area["id"]]
    for key, bucket in metrics.items():
        hour = datetime.fromisoformat(key)
        lost = sum(
            (min(b, hour + HOUR) - max(a, hour) for a, b in down if a < hour + HOUR and b > hour),
            timedelta(0),
        )
        assert bucket["up_time"] == round(1 - lost / HOUR, 4)
    try:
        sim.world.now = start + (end - start) / 2
        health = v3.post("/analytics/presence-health", json={"space_ids": [area["id"]]}).json()
        assert health[area["id"]]["presence"] is None
        assert health[area["id"]]["health_status"] in ("offline", "unknown")
        assert v3.post("/analytics/presence", json={"space_ids": [area["id"]]}).json() == {
            area["id"]: False
        }
        current = v3.post(
            "/sensors/health/current", json={"serial_numbers": [sensor["serial_number"]]}
        ).json()["data"]
        assert current[0]["health_status"] == health[area["id"]]["health_status"]
    finally:
        sim.world.now = sim.config.now


def test_live_endpoints(v3, v2, spaces):
    v2_counts = {s["id"]: s["current_count"] for s in get_all(v2, "/spaces/")}
    current = v3.post("/analytics/occupancy/current", json={}).json()
    assert {k: v["count"] for k, v in current.items() if k in v2_counts} == {
        k: c for k, c in v2_counts.items() if k in current
    }
    assert spaces["Riverside Campus"]["id"] not in current
    areas = {s["id"] for s in spaces.values() if s["counting_mode"] in ("oa", "waffle")}
    assert set(v3.post("/analytics/presence-health", json={}).json()) == areas
    short = v3.post("/analytics/short-term", json={"minutes_lookback": 5}).json()["data"]
    floors = {s["id"] for s in spaces.values() if set(s["children_ids"]) & areas}
    assert {d["space_id"] for d in short} == areas | floors
    for item in short:
        stamps = [m["timestamp"] for m in item["metrics"]]
        assert (
            len(stamps) == 6 and stamps == sorted(stamps) and stamps[-1] == "2026-11-20T12:00:00Z"
        )
