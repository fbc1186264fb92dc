"""Density v2 links, time segment groups, sensor events, and nothing before `created_at`."""

from datetime import timedelta

from simulator.world.timeutil import from_us, local_date
from tests.fixtures.simulator import counts, get_all, iso, local_midnight, parse, space

LINK_FIELDS = {
    "id",
    "space_id",
    "space_name",
    "doorway_id",
    "doorway_name",
    "sensor_placement",
    "created_at",
}


def test_links_are_every_doorway_to_space_link(clients):
    links = get_all(clients["omnos"], "/links/")
    doorways = get_all(clients["omnos"], "/doorways/")
    expected = {
        (s["link_id"], s["id"], d["id"], s["sensor_placement"])
        for d in doorways
        for s in d["spaces"]
    }
    assert {
        (k["id"], k["space_id"], k["doorway_id"], k["sensor_placement"]) for k in links
    } == expected
    assert links and all(set(k) == LINK_FIELDS for k in links)
    names = {d["id"]: d["name"] for d in doorways}
    assert all(k["doorway_name"] == names[k["doorway_id"]] for k in links)


def test_time_segment_groups_name_their_segments(sim, clients):
    groups = get_all(clients["density"], "/time_segment_groups/")
    segments = {s["id"]: s["label"] for s in get_all(clients["density"], "/time_segments/")}
    assert [set(g) for g in groups] == [{"id", "name", "time_segments"}]
    group = groups[0]
    assert {(t["time_segment_id"], t["name"]) for t in group["time_segments"]} == {
        (i, label) for i, label in segments.items()
    }
    assert clients["density"].get(f"/time_segment_groups/{group['id']}/").json() == group
    assert clients["density"].get("/time_segment_groups/tsg_1/").status_code == 404
    cafe = clients["density"].get(f"/spaces/{space(sim, 'density', 'Main Cafe').id}/").json()
    assert cafe["time_segment_groups"] == [{"id": group["id"], "name": group["name"]}]
    lab = clients["density"].get(f"/spaces/{space(sim, 'density', 'Lab 1').id}/").json()
    assert lab["time_segments"] == [] and lab["time_segment_groups"] == []


def test_sensor_events_are_its_doorway_crossings_as_trajectories(sim, clients):
    hq = space(sim, "density", "Riverside HQ")
    door = clients["density"].get(f"/doorways/{hq.doorway_ids[0]}/").json()
    window = {"start_time": "2026-11-18T00:00:00Z", "end_time": "2026-11-19T00:00:00Z"}
    serial = door["sensor_serial_number"]
    found = get_all(clients["density"], f"/sensors/{serial}/events/", window)
    crossings = get_all(
        clients["density"], f"/spaces/{hq.id}/events/", {**window, "doorway_id": door["id"]}
    )
    assert found and [set(e) for e in found] == [
        {"id", "doorway_id", "sensor_serial_number", "timestamp", "trajectory"}
    ] * len(found)
    assert [(e["id"], e["timestamp"], e["trajectory"]) for e in found] == [
        (e["id"], e["timestamp"], e["direction"] * door["spaces"][0]["sensor_placement"])
        for e in crossings
    ]
    newest = get_all(clients["density"], f"/sensors/{serial}/events/", {**window, "order": "DESC"})
    assert newest == found[::-1]
    assert clients["density"].get(f"/sensors/{serial}/events/").status_code == 400
    assert clients["density"].get("/sensors/Z000/events/", params=window).status_code == 404


def test_nothing_happens_in_a_space_before_it_was_created(sim, clients):
    rooms = [s for s in sim.world.portfolio("density").spaces if s.doorway_ids]
    newest = max(rooms, key=lambda s: s.created_us)
    created = from_us(newest.created_us)
    day = local_date(newest.created_us, newest.time_zone)
    before = [
        e
        for d in range(1, 8)
        for e in sim.world.day_events("density", newest.id, day - timedelta(days=d))
    ]
    assert before  # the world has crossings before the space existed: the API must hide them
    start = local_midnight(day - timedelta(days=7), newest.time_zone)
    end = local_midnight(day + timedelta(days=7), newest.time_zone)
    window = {"start_time": iso(start), "end_time": iso(end)}
    served = get_all(clients["density"], f"/spaces/{newest.id}/events/", window)
    assert served and all(parse(e["timestamp"]) >= created for e in served)
    daily = counts(clients["density"], newest.id, start, end, interval="1d")["results"]
    earlier = [r for r in daily if parse(r["timestamp"]) + timedelta(days=1) <= created]
    assert len(earlier) == 7
    assert all(
        r["count"] == r["interval"]["analytics"]["max"] == r["interval"]["analytics"]["events"] == 0
        for r in earlier
    )
    entrances = sum(r["interval"]["analytics"]["entrances"] for r in daily)
    assert entrances == sum(1 for e in served if e["direction"] == 1)
