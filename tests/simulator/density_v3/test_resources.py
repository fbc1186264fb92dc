"""Density v3 resources over HTTP: the same world as v2, open areas, labels, located sensors."""

import httpx

from tests.fixtures.simulator import DENSITY_AUTH, get_all

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
