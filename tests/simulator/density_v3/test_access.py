"""Density v3 access: hello and version, 401/403/404/405, OAuth tokens that expire, the 429 edge."""

import time

import httpx

from simulator.config import SimulatorConfig
from simulator.server import start
from tests.fixtures.simulator import DENSITY_AUTH, FAST_V3, fast_config

CLIENT = {
    "grant_type": "client_credentials",
    "client_id": "cli_density_demo",
    "client_secret": "sec_density_demo",
}


def test_hello_world_version_and_the_error_codes(sim):
    base = sim.api_url("density_v3")
    assert httpx.get(base + "/hello-world", headers=DENSITY_AUTH).text.endswith("- Yoda")
    assert httpx.get(base + "/version", headers=DENSITY_AUTH).text == "1.0.2"
    for headers in ({}, {"Authorization": "Bearer tok_wrong"}, {"Authorization": "tok_x"}):
        answer = httpx.get(base + "/spaces", headers=headers)
        assert answer.status_code == 401
        assert answer.json() == {
            "code": 401,
            "message": "unable to authorize the given bearer token",
        }
    denied = httpx.get(base + "/spaces", headers={"Authorization": "Bearer tok_density_no_api"})
    assert denied.status_code == 403
    assert httpx.get(base + "/nowhere", headers=DENSITY_AUTH).status_code == 404
    assert httpx.post(base + "/spaces", headers=DENSITY_AUTH).status_code == 405


def test_oauth_tokens_work_until_they_expire():
    with start(fast_config(**FAST_V3, density_v3_token_seconds=0.3)) as sim:
        base = sim.api_url("density_v3")
        issued = httpx.post(base + "/oauth/token", json=CLIENT).json()
        assert issued["token_type"] == "Bearer" and issued["access_token"].startswith("eyJ")
        assert issued["expires_in"] == "0"  # a string, as the vendor sends it
        bearer = {"Authorization": f"Bearer {issued['access_token']}"}
        assert httpx.get(base + "/spaces", headers=bearer).status_code == 200
        time.sleep(0.35)
        assert httpx.get(base + "/spaces", headers=bearer).status_code == 401
        wrong = httpx.post(base + "/oauth/token", json={**CLIENT, "client_secret": "nope"})
        assert wrong.status_code == 401 and "nope" not in wrong.text
        grant = httpx.post(base + "/oauth/token", json={**CLIENT, "grant_type": "password"})
        assert grant.status_code == 400
        assert all("client_secret" not in str(r) for r in sim.requests())


def test_rate_limit_a_small_bucket_refuses_past_the_burst():
    with (
        start(fast_config(density_v3_rate_per_second=4, density_v3_burst=5)) as sim,
        httpx.Client(base_url=sim.api_url("density_v3"), headers=DENSITY_AUTH) as v3,
    ):
        statuses = [v3.get("/version").status_code for _ in range(7)]
        refused = v3.get("/version")
        time.sleep(0.3)
        again = v3.get("/version")
    assert statuses[:5] == [200] * 5 and 429 in statuses[5:]
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert "15" not in refused.json()["message"] and "burst of 5" in refused.json()["message"]
    assert again.status_code == 200


def test_rate_limit_at_the_documented_15_per_second_with_a_burst_of_100():
    with (
        start(SimulatorConfig()) as sim,
        httpx.Client(base_url=sim.api_url("density_v3"), headers=DENSITY_AUTH) as v3,
    ):
        started = time.monotonic()
        statuses = [v3.get("/version").status_code for _ in range(130)]
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert statuses[:100] == [200] * 100
    assert statuses.count(200) <= 100 + 15 * elapsed + 1 and statuses.count(429) >= 10
