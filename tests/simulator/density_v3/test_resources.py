"""Density v3 over HTTP: resources, the same world as v2, auth and OAuth, 429, every 400 rule."""

import time

import httpx
import pytest

from simulator.config import SimulatorConfig
from simulator.server import start
from tests.fixtures.simulator import DENSITY_AUTH, fast_config, get_all

FAST_V3 = {"density_v3_rate_per_second": 1e6, "density_v3_burst": 10**6}
SPACE_FIELDS = {
    "address",
    "binary_occupancy",
    "capacity",
    "children",
    "children_ids",
    "cost_per_sqft",
    "counting_mode",
    "daily_reset",
    "function",
    "go_live_date_utc",
    "id",
    "iwms_id",
    "labels",
    "name",
    "size_area",
    "space_type",
    "status",
    "time_zone",
}
CLIENT = {
    "grant_type": "client_credentials",
    "client_id": "cli_density_demo",
    "client_secret": "sec_density_demo",
}


@pytest.fixture(scope="module")
def sim():
    with start(fast_config(**FAST_V3)) as handle:
        yield handle


@pytest.fixture(scope="module")
def v3(sim):
    with httpx.Client(base_url=sim.api_url("density_v3"), headers=DENSITY_AUTH) as client:
        yield client


@pytest.fixture(scope="module")
def spaces(v3):
    return {s["name"]: s for s in v3.get("/spaces").json()}


def test_spaces_are_v2_spaces_plus_open_areas_in_a_hierarchy(sim, v3, spaces):
    with httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as v2:
        v2_spaces = get_all(v2, "/spaces/")
    assert sim.api_url("density_v3").endswith("/density/v3")
    assert len(spaces) == len(v2_spaces) + 8
    for old in v2_spaces:  # the same id, name, zone and capacity in both APIs
        new = spaces[old["name"]]
        assert (new["id"], new["time_zone"], new["capacity"]) == (
            old["id"],
            old["time_zone"],
            old["capacity"],
        )
        assert new["counting_mode"] == ("entry" if old["doorways"] else None)
        assert [c for c in new["children_ids"] if c in {s["id"] for s in v2_spaces}] == [
            s["id"] for s in v2_spaces if s["parent_id"] == old["id"]
        ]
    areas = [s for s in spaces.values() if s["counting_mode"] in ("oa", "waffle")]
    assert {s["counting_mode"] for s in areas} == {"oa", "waffle"}
    assert {s["capacity"] for s in areas} >= {None, 0}
    by_id = {s["id"]: s for s in spaces.values()}
    for space in spaces.values():
        assert set(space) == SPACE_FIELDS
        assert [c["id"] for c in space["children"]] == space["children_ids"]
        for child in space["children_ids"]:
            assert by_id[child]["time_zone"] == space["time_zone"]
    assert all(
        any(a["id"] in s["children_ids"] for s in spaces.values() if s["space_type"] == "floor")
        for a in areas
    )
    desks = spaces["F1 Open Desks"]["labels"][0]
    assert desks["name"] == "bookable" and desks["group"]["name"] == "Workspace"
    waffles = v3.get("/spaces", params={"counting_mode": "waffle"}).json()
    assert {s["id"] for s in waffles} == {s["id"] for s in areas if s["counting_mode"] == "waffle"}


def test_doorways_labels_and_groups(sim, v3, spaces):
    doorways = v3.get("/doorways").json()
    with httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as v2:
        assert {d["id"] for d in doorways} == {d["id"] for d in get_all(v2, "/doorways/")}
    assert all(d["spaces"] and d["sensor_serial_number"] for d in doorways)
    labels = {label["name"]: label for label in v3.get("/labels").json()}
    assert {s["name"] for s in labels["amenities"]["spaces"]} == {"Main Cafe", "Kitchen"}
    groups = v3.get("/labels/groups").json()
    assert {lb["id"] for g in groups for lb in g["labels"]} == {lb["id"] for lb in labels.values()}


def test_sensors_are_located_and_filtered_one_way_at_a_time(v3, spaces):
    sensors = v3.post("/sensors", json={}).json()
    kinds = {s["sensor_type"]: s["hardware_type"] for s in sensors}
    assert kinds == {"entry": "s5", "oa": "ob1", "waffle": "waffle"}
    pod = spaces["F1 Huddle Pod"]
    (waffle,) = v3.post("/sensors", json={"space_ids": [pod["id"]]}).json()
    assert waffle["location"] == {
        "building_ids": [spaces["Riverside HQ"]["id"]],
        "floor_ids": [spaces["HQ Floor 1"]["id"]],
        "space_ids": [pod["id"]],
    }
    by_serial = v3.post("/sensors", json={"serial_numbers": [waffle["serial_number"]]}).json()
    assert by_serial == [waffle]
    floor = v3.post("/sensors", json={"space_ids": [spaces["HQ Floor 1"]["id"]]}).json()
    assert waffle in floor and len(floor) > 3
    both = {"serial_numbers": [waffle["serial_number"]], "space_ids": [pod["id"]]}
    for path in ("/sensors", "/sensors/health/current", "/sensors/health"):
        answer = v3.post(
            path,
            json={**both, "start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-02T00:00:00Z"},
        )
        assert answer.status_code == 400 and "mutually exclusive" in answer.json()["message"]


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


LOCAL = {"start_date": "2026-11-01T00:00:00", "end_date": "2026-11-01T23:59:59"}
UTC_DAY = {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-01T23:59:59Z"}


@pytest.mark.parametrize(
    ("path", "body", "reason"),
    [
        (
            "/analytics/sessions/raw",
            {"start_date": "2026-09-01T00:00:00", "end_date": "2026-10-31T00:00:01"},
            "maximum of 60 days",
        ),
        (
            "/analytics/sessions/raw",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-02T00:00:00Z"},
            "without a time zone",
        ),
        (
            "/sensors/health",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-11T00:00:01Z"},
            "max range",
        ),
        ("/analytics/data-status", {**UTC_DAY, "end_date": "2026-11-11T00:00:01Z"}, "10 days"),
        ("/analytics/data-status", {**UTC_DAY, "end_date": "2026-11-01T00:04:59Z"}, "5 minutes"),
        (
            "/analytics/data-status",
            {"start_date": "2024-05-25T00:00:00Z", "end_date": "2024-06-01T00:00:00Z"},
            "after 2024-06-01",
        ),
        ("/analytics/data-status", {**UTC_DAY, "floor_ids": []}, "minimum 1 floor"),
        ("/analytics/data-status", {**UTC_DAY, "floor_ids": ["f"] * 6}, "maximum 5 floors"),
        ("/analytics/short-term", {"minutes_lookback": 241}, "max value is 240"),
        ("/analytics/metrics", {**LOCAL, "time_resolution": "fortnight"}, "must be one of"),
        (
            "/analytics/metrics",
            {**LOCAL, "end_date": "2026-11-02T00:00:00", "time_resolution": "minute"},
            "under 1 day",
        ),
        (
            "/analytics/occupancy",
            {**LOCAL, "end_date": "2026-11-08T00:00:00", "time_resolution": "hour"},
            "under 7 days",
        ),
        (
            "/analytics/time-used",
            {**LOCAL, "end_date": "2026-11-08T00:00:00", "time_resolution": "hour_of_day"},
            "under 7 days",
        ),
        (
            "/analytics/utilization",
            {**LOCAL, "end_date": "2026-12-02T00:00:00", "time_resolution": "day"},
            "under 31 days",
        ),
        (
            "/analytics/metrics",
            {**LOCAL, "end_date": "2026-12-02T00:00:00", "time_resolution": "weekday"},
            "under 31 days",
        ),
        (
            "/analytics/metrics",
            {**LOCAL, "end_date": "2027-11-01T00:00:00", "time_resolution": "month"},
            "under 1 year",
        ),
        (
            "/analytics/metrics",
            {**LOCAL, "operating_hours": {"days": [7], "start_hour": 8, "end_hour": 18}},
            "operating_hours",
        ),
        ("/analytics/metrics", {**LOCAL, "end_date": "2026-10-31T00:00:00"}, "before"),
    ],
)
def test_every_limit_is_a_400_with_the_vendors_reason(v3, spaces, path, body, reason):
    floor = spaces["HQ Floor 1"]["id"]
    if path == "/analytics/data-status" and "floor_ids" not in body:
        body = {**body, "floor_ids": [floor]}
    answer = v3.post(path, json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == 400 and reason in answer.json()["message"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/analytics/sessions/raw",
            {"start_date": "2026-09-01T00:00:00", "end_date": "2026-10-31T00:00:00"},
        ),
        (
            "/sensors/health",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-11T00:00:00Z"},
        ),
        ("/analytics/data-status", {**UTC_DAY, "end_date": "2026-11-01T00:05:00Z"}),
        (
            "/analytics/data-status",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-11T00:00:00Z"},
        ),
        ("/analytics/short-term", {"minutes_lookback": 240}),
        ("/analytics/metrics", {**LOCAL, "time_resolution": "minute"}),
        (
            "/analytics/metrics",
            {
                "start_date": "2026-11-01T00:00:00",
                "end_date": "2026-11-07T23:59:59",
                "time_resolution": "hour",
            },
        ),
        (
            "/analytics/metrics",
            {
                "start_date": "2026-01-01T00:00:00",
                "end_date": "2026-12-31T23:59:59",
                "time_resolution": "month",
            },
        ),
    ],
)
def test_the_limits_themselves_are_allowed(v3, spaces, path, body):
    if path == "/analytics/data-status":
        body = {**body, "floor_ids": [spaces["HQ Floor 1"]["id"]] * 5}
    elif path.startswith("/analytics/"):
        body = {**body, "space_ids": [spaces["F1 Huddle Pod"]["id"]]}
    assert v3.post(path, json=body).status_code == 200
