"""The hard parts on purpose: rate limit, injected faults, late data restating recent counts."""

import json
import time
from contextlib import suppress
from datetime import timedelta

import httpx
import pytest

from simulator.http.faults import Fault
from simulator.http.ratelimit import FixedWindowLimiter
from simulator.server import start
from tests.fixtures.simulator import DENSITY_AUTH, OMNOS_AUTH, fast_config, get_all, iso


@pytest.fixture(scope="module")
def sim():
    with start(fast_config()) as handle:
        yield handle


@pytest.fixture
def density(sim):
    sim.faults.clear()
    sim.clear_requests()
    with httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as client:
        yield client
    sim.faults.clear()


def test_the_limiter_counts_per_key_in_clock_aligned_windows():
    now = [119.5]
    limiter = FixedWindowLimiter(2, 60, clock=lambda: now[0])
    assert [limiter.acquire("a"), limiter.acquire("a"), limiter.acquire("b")] == [None] * 3
    assert limiter.acquire("a") == 1  # 0.5 s left in the window [60, 120): rounded up
    now[0] = 120.0
    assert limiter.acquire("a") is None and limiter.acquire("a") is None
    now[0] = 150.2
    assert limiter.acquire("a") == 30
    assert limiter.acquire("a") == 30  # refused requests do not count


def test_the_rate_limit_answers_429_until_the_next_window():
    config = fast_config(density_v2_rate_limit=5, rate_limit_window_seconds=2)
    with (
        start(config) as sim,
        httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as client,
    ):
        time.sleep(2 - time.time() % 2 + 0.02)  # start at the beginning of a window
        statuses = [client.get("/tags/").status_code for _ in range(5)]
        throttled = client.get("/tags/")
        assert statuses == [200] * 5 and throttled.status_code == 429
        wait = int(throttled.headers["Retry-After"])
        assert wait in (1, 2)
        assert throttled.json() == {
            "detail": f"Request was throttled. Expected available in {wait} seconds."
        }
        other = httpx.get(sim.api_url("omnos") + "/tags/", headers=OMNOS_AUTH)
        assert other.status_code == 200
        time.sleep(2 - time.time() % 2 + 0.02)
        assert client.get("/tags/").status_code == 200
        assert [r["status"] for r in sim.requests() if r["api"] == "density_v2"] == [
            200,
            200,
            200,
            200,
            200,
            429,
            200,
        ]


@pytest.mark.parametrize(
    ("status", "retry_after"), [(429, 0), (429, 7), (500, None), (502, None), (503, 30)]
)
def test_status_faults_fire_their_times_then_vanish(sim, density, status, retry_after):
    sim.faults.add(api="density_v2", kind="status", times=2, status=status, retry_after=retry_after)
    first, second, third = (density.get("/tags/") for _ in range(3))
    for response in (first, second):
        assert response.status_code == status and "detail" in response.json()
        if retry_after is None:
            assert "Retry-After" not in response.headers
        else:
            assert response.headers["Retry-After"] == str(retry_after)
    assert third.status_code == 200 and sim.faults.pending() == []
    assert [r["status"] for r in sim.requests()] == [status, status, 200]


def test_faults_only_hit_their_api_and_path(sim, density):
    sim.faults.add(api="density_v2", kind="status", status=500, path_contains="/events/")
    sim.faults.add(api="omnos", kind="status", status=502)
    assert density.get("/spaces/").status_code == 200
    space_id = density.get("/spaces/").json()["results"][1]["id"]
    since = {"start_time": "2026-11-19T00:00:00Z"}
    events = density.get(f"/spaces/{space_id}/events/", params=since)
    assert events.status_code == 500
    assert httpx.get(sim.api_url("omnos") + "/tags/", headers=OMNOS_AUTH).status_code == 502
    with pytest.raises(ValueError, match="unknown fault kind"):
        sim.faults.add(api="density_v2", kind="explode")


def test_a_delay_fault_holds_the_answer(sim, density):
    sim.faults.add(api="density_v2", kind="delay", seconds=0.6)
    with pytest.raises(httpx.ReadTimeout):
        density.get("/tags/", timeout=0.2)
    sim.faults.add(api="density_v2", kind="delay", seconds=0.3)
    started = time.monotonic()
    assert density.get("/tags/").status_code == 200
    assert time.monotonic() - started >= 0.3
    assert density.get("/tags/", timeout=0.2).status_code == 200
    # The abandoned first request is logged when its delay ends: wait for it, so that it is not
    # logged into the next test's request log.
    deadline = time.monotonic() + 30
    while len(sim.requests()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [r["path"].endswith("/tags/") for r in sim.requests()] == [True] * 3


def test_a_dropped_connection_is_a_protocol_error_logged_as_0(sim, density):
    sim.faults.add(api="density_v2", kind="drop", path_contains="/spaces")
    with pytest.raises(httpx.RemoteProtocolError):
        density.get("/spaces/")
    assert density.get("/spaces/").status_code == 200
    assert [r["status"] for r in sim.requests()] == [0, 200]


def test_a_malformed_body_is_not_json(sim, density):
    sim.faults.add(api="density_v2", kind="malformed")
    response = density.get("/doorways/")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert density.get("/doorways/").json()["count"] == 20


def test_shifted_pages_repeat_an_item_but_lose_none(sim, density):
    first = density.get("/spaces/", params={"page_size": 10}).json()
    fault = sim.faults.add(api="density_v2", kind="shift_pages", path_contains="/spaces")
    assert isinstance(fault, Fault) and fault.remaining == 1
    second = density.get("/spaces/", params={"page_size": 10, "page": 2}).json()
    assert second["total"] == first["total"] + 1
    assert second["results"][0] == first["results"][-1]
    seen = {s["id"] for s in first["results"] + second["results"]}
    assert len(seen) == first["total"]
    assert density.get("/spaces/", params={"page_size": 10, "page": 2}).json()["total"] == 17


def test_late_data_restates_recent_counts_but_never_older_ones():
    with (
        start(fast_config()) as sim,
        httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as client,
    ):
        office = next(s for s in sim.world.portfolio("density").spaces if s.name == "London Office")
        before = sim.world.now
        params = {"start_time": iso(before - timedelta(days=3)), "end_time": iso(before)}

        def snapshot():
            counts = get_all(client, f"/spaces/{office.id}/counts/", params)
            events = get_all(client, f"/spaces/{office.id}/events/", params)
            return {r["timestamp"]: r for r in counts}, {e["id"] for e in events}

        old_counts, old_events = snapshot()
        sim.world.now = before + timedelta(hours=9)
        new_counts, new_events = snapshot()
        assert old_events < new_events
        settled = iso(before - timedelta(hours=8))
        changed = [t for t in old_counts if old_counts[t] != new_counts[t]]
        assert changed and min(changed) >= settled
        assert list(new_counts) == list(old_counts)


def test_an_html_fault_is_a_200_page_that_is_not_json(sim, density):
    sim.faults.add(api="density_v2", kind="html")
    response = density.get("/doorways/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    assert density.get("/doorways/").json()["count"] == 20
    assert sim.faults.fired() == [("density_v2", "/doorways/", "html")]


def _sprinkled_statuses(sim, density, seed: int) -> list[int]:
    sim.faults.clear()
    sim.clear_requests()
    sim.faults.sprinkle(0.25, seed, ["density_v2"])
    for _ in range(40):
        with suppress(httpx.RemoteProtocolError):
            density.get("/tags/")
    return [r["status"] for r in sim.requests()]


def test_sprinkled_faults_hit_a_seeded_share_of_requests(sim, density):
    first = _sprinkled_statuses(sim, density, seed=3)
    fired = sim.faults.fired()
    assert _sprinkled_statuses(sim, density, seed=3) == first  # same seed, same faults
    assert _sprinkled_statuses(sim, density, seed=4) != first
    assert 0 < len(fired) < 40
    assert {kind for _, _, kind in fired} <= {"status", "drop", "malformed", "html"}
    # a status fault is the only non-200; a drop is logged as 0; the rest are 200s
    faulted = [s for s in first if s != 200]
    assert len(faulted) == sum(kind in ("status", "drop") for _, _, kind in fired)
    assert set(faulted) <= {429, 500, 502, 503, 0}
    assert httpx.get(sim.api_url("omnos") + "/tags/", headers=OMNOS_AUTH).status_code == 200
    assert sim.faults.fired()[-1][0] == "density_v2"  # omnos is not sprinkled
    sim.faults.clear()
    assert density.get("/tags/").status_code == 200 and sim.faults.fired() == []


def test_a_sprinkle_rate_outside_0_and_1_is_refused(sim):
    with pytest.raises(ValueError, match="rate"):
        sim.faults.sprinkle(1.5, 0, ["density_v2"])
