"""Density v2 / Omnos over HTTP: records, filters, pagination, auth, log, validation, seeds."""

import json
import re

import httpx
import pytest

from simulator.server import start
from tests.fixtures.simulator import (
    DENSITY_AUTH,
    DENSITY_TOKEN,
    OMNOS_AUTH,
    OMNOS_TOKEN,
    fast_config,
    get_all,
)

# Every field of the documented `GET /spaces/:id/` example.
SPACE_FIELDS = {
    "id",
    "name",
    "notes",
    "meta",
    "description",
    "parent_id",
    "ancestry",
    "space_type",
    "function",
    "capacity",
    "target_capacity",
    "safe_capacity",
    "safe_threshold_mode",
    "safe_threshold_value",
    "max_dwell_minutes",
    "time_zone",
    "daily_reset",
    "current_count",
    "doorways",
    "tags",
    "address",
    "latitude",
    "longitude",
    "counting_mode",
    "component_spaces",
    "floor_level",
    "space_mappings",
    "time_segments",
    "time_segment_groups",
    "size_area",
    "size_area_unit",
    "annual_rent",
    "annual_rent_currency",
    "assigned_teams",
    "sensors_total",
    "image_url",
    "created_at",
    "updated_at",
    "inherits_time_segments",
}
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


@pytest.fixture(scope="module")
def density(sim):
    with httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as client:
        yield client


@pytest.fixture(scope="module")
def omnos(sim):
    with httpx.Client(base_url=sim.api_url("omnos"), headers=OMNOS_AUTH) as client:
        yield client


def test_spaces_carry_every_documented_field(density, omnos):
    spaces = get_all(density, "/spaces/")
    assert len(spaces) == 17 and len(get_all(omnos, "/spaces/")) == 9
    by_id = {s["id"]: s for s in spaces}
    for item in spaces:
        assert set(item) == SPACE_FIELDS
        assert TIMESTAMP.fullmatch(item["created_at"])
        assert density.get(f"/spaces/{item['id']}/").json() == item
        chain, parent = [], item["parent_id"]
        while parent:
            chain.append({"id": parent, "name": by_id[parent]["name"]})
            parent = by_id[parent]["parent_id"]
        assert item["ancestry"] == chain
        for doorway in item["doorways"]:
            assert set(doorway) == {"id", "name", "link_id", "sensor_placement"}
            assert doorway["link_id"].startswith("lnk_") and doorway["sensor_placement"] == 1
        assert item["sensors_total"] == len(item["doorways"])
    assert {s["capacity"] for s in spaces} >= {None, 0}
    assert {s["daily_reset"] for s in spaces} == {"04:00", "02:00", "23:00", None}
    cafe = next(s for s in spaces if s["name"] == "Main Cafe")
    assert cafe["time_segments"][0]["name"] == "Lunch" and cafe["tags"] == ["amenities"]


def test_filters_link_spaces_and_doorways(density):
    doorways = get_all(density, "/doorways/")
    door = next(d for d in doorways if d["name"] == "Open Office Side Door")
    spaces = density.get("/spaces/", params={"doorway_id": door["id"]}).json()
    assert [s["name"] for s in spaces["results"]] == ["Open Office East"]
    listed = density.get("/doorways/", params={"space_id": spaces["results"][0]["id"]}).json()
    assert "total" not in listed and listed["count"] == 2
    assert {d["name"] for d in listed["results"]} == {"Open Office Door", "Open Office Side Door"}
    assert density.get(f"/doorways/{door['id']}/").json() == door
    assert set(door) >= {"id", "name", "sensor_serial_number", "spaces", "tags", "created_at"}


def test_sensors_tags_and_time_segments(density, omnos):
    sensors = get_all(density, "/sensors/")
    doorways = {d["id"]: d for d in get_all(density, "/doorways/")}
    assert len(sensors) == len(doorways) == 20
    for sensor in sensors:
        assert re.fullmatch(r"Z\d{18}", sensor["serial_number"])
        assert doorways[sensor["doorway_id"]]["sensor_serial_number"] == sensor["serial_number"]
        assert sensor["doorway_name"] == doorways[sensor["doorway_id"]]["name"]
    assert density.get(f"/sensors/{sensors[3]['serial_number']}/").json() == sensors[3]
    assert density.get("/sensors/Z000/").status_code == 404
    tags = density.get("/tags/").json()
    assert tags["results"] == [{"name": "amenities"}, {"name": "hq"}, {"name": "main_entrance"}]
    amenities = density.get("/tags/amenities/").json()
    assert {s["name"] for s in amenities["spaces"]} == {"Main Cafe", "Kitchen"}
    assert all(set(s) == {"id", "name", "current_count"} for s in amenities["spaces"])
    main = density.get("/tags/main_entrance/").json()
    assert {d["name"] for d in main["doorways"]} == {"HQ Main Entrance", "London Front Door"}
    assert density.get("/tags/nope/").status_code == 404
    segments = get_all(omnos, "/time_segments/")
    assert {s["label"] for s in segments} == {"Lunch", "Mornings"}
    lunch = next(s for s in segments if s["label"] == "Lunch")
    assert omnos.get(f"/time_segments/{lunch['id']}").json() == lunch
    assert lunch["spaces"][0]["name"] == "Dining Hall" and lunch["start"] == "11:00:00"
    assert omnos.get("/time_segments/tsm_1/").json() == {"detail": "Not found."}


def test_pagination_links_are_absolute_and_keep_the_query(sim, density):
    first = density.get("/spaces/", params={"page_size": 5, "note": "x"}).json()
    assert first["total"] == 17 and first["previous"] is None and len(first["results"]) == 5
    assert first["next"].startswith(sim.api_url("density_v2") + "/spaces/?")
    assert "page=2" in first["next"] and "page_size=5" in first["next"]
    assert "note=x" in first["next"]
    pages = [first]
    while pages[-1]["next"]:
        pages.append(httpx.get(pages[-1]["next"], headers=DENSITY_AUTH).json())
    assert len(pages) == 4 and len(pages[-1]["results"]) == 2
    assert "page=3" in pages[-1]["previous"]
    ids = [s["id"] for page in pages for s in page["results"]]
    assert len(ids) == len(set(ids)) == 17
    past = density.get("/spaces/", params={"page_size": 5, "page": 5})
    assert past.status_code == 404 and past.json() == {"detail": "Invalid page."}
    assert density.get("/spaces/", params={"page_size": 1000}).json()["next"] is None
    assert density.get("/spaces/", params={"page": 0}).status_code == 400
    assert density.get("/spaces/").json()["results"] == density.get("/spaces").json()["results"]


def test_tokens_are_required_per_vendor_and_never_logged(sim):
    sim.clear_requests()
    url = sim.api_url("density_v2") + "/spaces/"
    missing = httpx.get(url)
    assert missing.status_code == 403 and "detail" in missing.json()
    for header in ("Token tok_density_demo", "Bearer", "Bearer  tok_density_demo", "Bearer nope"):
        assert httpx.get(url, headers={"Authorization": header}).status_code == 403
    assert httpx.get(url, headers=OMNOS_AUTH).status_code == 403
    assert httpx.get(sim.api_url("omnos") + "/spaces/", headers=DENSITY_AUTH).status_code == 403
    assert httpx.get(sim.api_url("omnos") + "/spaces/", headers=OMNOS_AUTH).status_code == 200
    log = sim.requests()
    assert [r["status"] for r in log] == [403] * 7 + [200]
    assert log[-1] == {**log[-1], "api": "omnos", "method": "GET", "path": "/spaces/", "query": {}}
    served = httpx.get(sim.base_url + "/_simulator/requests").json()
    for text in (json.dumps(log), json.dumps(served)):
        assert DENSITY_TOKEN not in text and OMNOS_TOKEN not in text and "Bearer" not in text


def test_the_log_records_relative_paths_queries_and_statuses(sim, density):
    sim.clear_requests()
    space_id = get_all(density, "/spaces/")[0]["id"]
    density.get(f"/spaces/{space_id}/counts/", params={"start_time": "2026-11-01T00:00:00Z"})
    density.get("/nowhere/")
    density.post("/spaces/")
    log = sim.requests()
    assert [(r["path"], r["status"]) for r in log] == [
        ("/spaces/", 200),
        (f"/spaces/{space_id}/counts/", 400),
        ("/nowhere/", 404),
        ("/spaces/", 405),
    ]
    assert log[1]["query"] == {"start_time": "2026-11-01T00:00:00Z"}
    assert log[0]["query"] == {"page_size": "1000"} and log[3]["method"] == "POST"
    assert all(TIMESTAMP.fullmatch(r["time"]) and r["api"] == "density_v2" for r in log)
    assert httpx.get(sim.base_url + "/_simulator/health").json()["status"] == "ok"


def _snapshot(handle) -> list:
    with httpx.Client(base_url=handle.api_url("omnos"), headers=OMNOS_AUTH) as client:
        spaces = get_all(client, "/spaces/")
        room = next(s for s in spaces if s["name"] == "Huddle Room")
        window = {"start_time": "2026-11-10T00:00:00Z", "end_time": "2026-11-13T00:00:00Z"}
        return [
            spaces,
            get_all(client, "/doorways/"),
            get_all(client, f"/spaces/{room['id']}/counts/", window),
            get_all(client, f"/spaces/{room['id']}/events/", window),
        ]


def test_one_seed_serves_one_world_and_another_seed_another(sim):
    with start(fast_config()) as twin, start(fast_config(seed=8)) as other:
        ours, theirs = _snapshot(sim), _snapshot(twin)
        assert ours == theirs
        different = _snapshot(other)
        assert different[0][0]["id"] != ours[0][0]["id"]
        assert [r["count"] for r in different[2]] != [r["count"] for r in ours[2]]


def kitchen(sim):
    return next(s for s in sim.world.portfolio("density").spaces if s.name == "Kitchen")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"end_time": "2026-11-02T00:00:00Z"}, "start_time"),
        ({"start_time": "2026-11-01T00:00:00Z"}, "end_time"),
        ({"start_time": "2026-11-01", "end_time": "2026-11-02T00:00:00Z"}, "start_time"),
        (
            {"start_time": "2026-11-01T00:00:00+05:30", "end_time": "2026-11-02T00:00:00Z"},
            "start_time",
        ),
        ({"start_time": "2026-11-01T00:00:00Z", "end_time": "yesterday"}, "end_time"),
        ({"start_time": "2026-11-02T00:00:00Z", "end_time": "2026-11-01T00:00:00Z"}, "before"),
        ({"interval": "2h"}, "interval"),
        ({"interval": "0m"}, "interval"),
        ({"order": "sideways"}, "order"),
        ({"page": "two"}, "page"),
        ({"page_size": "big"}, "page_size"),
    ],
)
def test_bad_counts_requests_are_400(sim, density, params, message):
    target = kitchen(sim)
    defaults = {"start_time": "2026-11-01T00:00:00Z", "end_time": "2026-11-02T00:00:00Z"}
    query = params if {"start_time", "end_time"} & set(params) else {**defaults, **params}
    response = density.get(f"/spaces/{target.id}/counts/", params=query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_fractional_and_offset_timestamps_are_accepted(sim, density):
    target = kitchen(sim)
    for text in ("2026-11-18T08:00:00+00:00", "2026-11-18T08:00:00.000Z", "2026-11-18T08:00:00Z"):
        response = density.get(
            f"/spaces/{target.id}/counts/",
            params={"start_time": text, "end_time": "2026-11-18T10:00:00.000000Z"},
        )
        assert response.status_code == 200 and response.json()["total"] == 2
    unknown = density.get(
        "/spaces/spc_000000000000000000/counts/",
        params={"start_time": "2026-11-18T08:00:00Z", "end_time": "2026-11-18T10:00:00Z"},
    )
    assert unknown.status_code == 404
