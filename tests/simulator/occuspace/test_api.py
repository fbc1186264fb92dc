"""Occuspace v1 over HTTP: the location tree, the envelope's errors (400, 401, 404 page, 500)."""

import httpx
import pytest

from simulator.occuspace.locations import ATHLETICS_ID, GROUP_STUDY_ID, MAKER_SPACE_ID
from tests.fixtures.simulator import READING_ROOM, ok


def test_locations_are_a_flat_tree_whose_parents_sum_their_children(api):
    message, nodes = ok(api.get("/locations"))
    assert message == "OK" and len(nodes) == 18
    by_id = {n["id"]: n for n in nodes}
    for node in nodes:
        assert set(node) == {"id", "name", "parentID", "capacity", "earliestCount", "isActive"}
        children = [c for c in nodes if c["parentID"] == node["id"]]
        if children:
            assert node["capacity"] == sum(c["capacity"] for c in children)
            assert node["isActive"] == any(c["isActive"] for c in children)
            starts = [c["earliestCount"] for c in children if c["earliestCount"]]
            assert node["earliestCount"] == min(starts)
    assert [n["name"] for n in nodes if n["parentID"] is None] == [
        "Lakeshore Campus",
        "Berlin Study Centre",
        "Athletics Annex",
    ]
    assert by_id[GROUP_STUDY_ID]["earliestCount"] == "2026-10-21"
    assert by_id[MAKER_SPACE_ID]["earliestCount"] is None
    assert by_id[MAKER_SPACE_ID]["isActive"] is False
    assert ATHLETICS_ID in by_id  # listed, though the demo token may not read it


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"end": "2026-11-02"}, "`start` is required"),
        ({"start": "2026-11-2", "end": "2026-11-02"}, "`start` must be a date in YYYY-MM-DD"),
        ({"start": "2026-02-30", "end": "2026-03-02"}, "`start` must be a date"),
        ({"start": "2026-11-03", "end": "2026-11-02"}, "`end` 2026-11-02 is before `start`"),
    ],
)
def test_bad_arguments_are_400(api, query, problem):
    response = api.get(f"/locations/{READING_ROOM}/daily_occupancy", params=query)
    assert response.status_code == 400 and problem in response.json()["message"]


def test_a_non_integer_location_id_is_400(api):
    response = api.get("/locations/reading-room/now")
    assert response.status_code == 400 and "must be an integer" in response.json()["message"]


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({}, "the Authorization header is missing"),
        ({"Authorization": "Bearer"}, "no token was provided"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "no token was provided"),
        ({"Authorization": "Bearer tok_wrong"}, "the token is invalid"),
    ],
)
def test_a_missing_or_invalid_token_is_401(sim, headers, problem):
    response = httpx.get(sim.api_url("occuspace") + "/locations", headers=headers)
    assert response.status_code == 401 and problem in response.json()["message"]


@pytest.mark.parametrize("location", [ATHLETICS_ID, 99])
@pytest.mark.parametrize("endpoint", ["now", "daily_occupancy"])
def test_a_location_the_token_may_not_read_is_401(api, location, endpoint):
    response = api.get(
        f"/locations/{location}/{endpoint}", params={"start": "2026-11-02", "end": "2026-11-02"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "message": f"Unauthorized: this token may not access location {location}."
    }


def test_an_unknown_endpoint_is_the_express_404_page(api):
    for response in (api.get("/locations/1560/weekly_occupancy"), api.post("/locations")):
        assert response.status_code == 404
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        method, path = response.request.method, response.request.url.path
        assert f"<pre>Cannot {method} {path}</pre>" in response.text
        assert path.startswith("/occuspace/v1/")


def test_a_server_error_is_500_and_logged(api, sim):
    sim.clear_requests()
    sim.faults.add("occuspace", "status", status=500, path_contains="/daily_visitors")
    params = {"start": "2026-11-02", "end": "2026-11-02"}
    assert api.get("/locations/1560/daily_visitors", params=params).status_code == 500
    assert api.get("/locations/1560/daily_visitors", params=params).status_code == 200
    log = sim.requests()
    assert [(r["api"], r["path"], r["status"]) for r in log] == [
        ("occuspace", "/locations/1560/daily_visitors", 500),
        ("occuspace", "/locations/1560/daily_visitors", 200),
    ]
    assert log[0]["query"] == params
