"""Density v2 / Omnos speak every reading of their dialect switches."""

import httpx
import pytest

from simulator.dialect import Dialect, every_reading
from simulator.server import start
from tests.fixtures.simulator import DENSITY_AUTH, fast_config

V2 = "/density/v2"
UTILIZATION = {"decimal": lambda r: r, "integer": lambda r: round(r * 100), "null": lambda r: None}


@pytest.fixture(scope="module", params=every_reading(), ids=lambda d: d.v2_utilization)
def spoken(request):
    dialect: Dialect = request.param
    with start(fast_config(dialect=dialect)) as sim, httpx.Client(base_url=sim.base_url) as client:
        yield dialect, sim, client


def _space(sim, name):
    return next(s for s in sim.world.portfolio("density").spaces if s.name == name)


def _counts(client, space_id, **params):
    query = {"start_time": "2026-11-16T05:00:00Z", "end_time": "2026-11-17T05:00:00Z", **params}
    response = client.get(f"{V2}/spaces/{space_id}/counts/", params=query, headers=DENSITY_AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def test_listing_root_and_next_link(spoken):
    dialect, sim, client = spoken
    body = client.get(f"{V2}/spaces/", params={"page_size": 5}, headers=DENSITY_AUTH).json()
    assert set(body) == {dialect.v2_total, "next", "previous", "results"}
    assert body[dialect.v2_total] == 17
    if dialect.v2_next == "absolute":
        assert body["next"].startswith(f"{sim.api_url('density_v2')}/spaces/?")
    else:
        assert body["next"].startswith(f"{V2}/spaces/?")
    assert "page=2" in body["next"] and "page_size=5" in body["next"]
    follow = client.get(body["next"], headers=DENSITY_AUTH).json()  # relative to the host
    assert follow["previous"] and len(follow["results"]) == 5
    doorways = client.get(f"{V2}/doorways/", headers=DENSITY_AUTH).json()
    assert "count" in doorways and "total" not in doorways  # documented `count`, in every dialect


def test_utilization_reading(spoken):
    dialect, sim, client = spoken
    cafe = _space(sim, "Main Cafe")
    rows = _counts(client, cafe.id)["results"]
    busy = [r["interval"]["analytics"] for r in rows if r["interval"]["analytics"]["max"] > 0]
    assert busy
    for analytics in busy:
        speak = UTILIZATION[dialect.v2_utilization]
        assert analytics["utilization"] == speak(analytics["max"] / cafe.capacity)
        assert analytics["target_utilization"] == speak(analytics["max"] / cafe.target_capacity)


def test_timestamps_reading(spoken):
    dialect, sim, client = spoken
    separator = "T" if dialect.v2_timestamps == "T" else " "
    cafe = _space(sim, "Main Cafe")
    space = client.get(f"{V2}/spaces/{cafe.id}/", headers=DENSITY_AUTH).json()
    row = _counts(client, cafe.id)["results"][0]
    stamps = [space["created_at"], row["timestamp"], row["interval"]["start"]]
    stamps.append(row["interval"]["end"])
    assert all(s[10] == separator and s.endswith("Z") for s in stamps)
    assert row["timestamp"] == "2026-11-16" + separator + "05:00:00.000Z"


def test_page_size_above_1000(spoken):
    dialect, sim, client = spoken
    cafe = _space(sim, "Main Cafe")
    first = _counts(client, cafe.id, interval="1m", page_size=5000)
    assert first["total" if dialect.v2_total == "total" else "count"] == 1440
    if dialect.v2_page_cap == "serve":
        assert len(first["results"]) == 1440 and first["next"] is None
        return
    rows, page = list(first["results"]), first
    assert len(rows) == 1000
    while page["next"]:
        page = client.get(page["next"], headers=DENSITY_AUTH).json()
        rows += page["results"]
    assert len({r["timestamp"] for r in rows}) == 1440
