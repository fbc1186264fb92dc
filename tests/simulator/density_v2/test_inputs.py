"""Density v2 accepts what the real API accepts: space-separated times, filters, big pages."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.simulator import counts, get_all, local_midnight, parse, space

NEW_YORK = ZoneInfo("America/New_York")
FRIDAY = date(2026, 11, 13)


def test_a_space_between_date_and_time_is_accepted(sim, clients):
    cafe = space(sim, "density", "Main Cafe")
    path = f"/spaces/{cafe.id}/counts/"
    end = {"end_time": "2026-11-18T12:00:00Z"}
    usual = clients["density"].get(path, params={"start_time": "2026-11-18T08:00:00Z", **end})
    assert usual.status_code == 200 and usual.json()["total"] == 4
    for text in ("2026-11-18 08:00:00Z", "2026-11-18 08:00:00+00:00", "2026-11-18 08:00:00.000Z"):
        spaced = clients["density"].get(path, params={"start_time": text, **end})
        assert spaced.status_code == 200 and spaced.json() == usual.json()
    # how `requests` writes str(datetime): the space as `+`, the offset's plus as %2B
    raw = clients["density"].get(
        f"{path}?start_time=2026-11-18+08:00:00%2B00:00&end_time=2026-11-18+12:00:00%2B00:00"
    )
    assert raw.status_code == 200 and raw.json() == usual.json()
    assert clients["density"].get(path, params={"start_time": "2026-11-18 8:00", **end}).is_error


def test_spaces_filter_by_tag_and_space_type(sim, clients):
    folio = sim.world.portfolio("density")
    tagged = get_all(clients["density"], "/spaces/", {"tag": "hq"})
    assert {s["id"] for s in tagged} == {s.id for s in folio.spaces if "hq" in s.tags}
    assert len(tagged) == 2
    floors = get_all(clients["density"], "/spaces/", {"space_type": "floor"})
    assert {s["id"] for s in floors} == {s.id for s in folio.spaces if s.space_type == "floor"}
    assert floors and all(s["space_type"] == "floor" for s in floors)
    both = get_all(clients["density"], "/spaces/", {"tag": "hq", "space_type": "building"})
    assert [s["name"] for s in both] == ["Riverside HQ"]
    assert get_all(clients["density"], "/spaces/", {"tag": "nowhere"}) == []
    wrong = clients["density"].get("/spaces/", params={"space_type": "room"})
    assert wrong.status_code == 400 and "campus" in wrong.json()["detail"]


def test_page_size_5000_is_served_whole(sim, clients):
    hq = space(sim, "density", "Riverside HQ")
    params = {"start_time": "2026-11-09T00:00:00Z", "end_time": "2026-11-14T00:00:00Z"}
    body = (
        clients["density"]
        .get(f"/spaces/{hq.id}/events/", params={**params, "page_size": 5000})
        .json()
    )
    assert 1000 < body["total"] <= 5000
    assert len(body["results"]) == body["total"] and body["next"] is None
    assert body["results"] == get_all(clients["density"], f"/spaces/{hq.id}/events/", params)


def _friday_and_saturday(sim, clients, **params) -> tuple[dict, dict]:
    cafe = space(sim, "density", "Main Cafe")
    start = local_midnight(FRIDAY, cafe.time_zone)
    end = start + timedelta(days=2)
    hourly = counts(clients["density"], cafe.id, start, end, interval="1h")
    return hourly, counts(clients["density"], cafe.id, start, end, **params)


def _local_hour(row: dict) -> str:
    return f"{parse(row['timestamp']).astimezone(NEW_YORK):%a %H}"


def _local_hours(body: dict) -> list[str]:
    return [_local_hour(r) for r in body["results"]]


def test_a_time_segment_label_keeps_only_its_buckets(sim, clients):
    hourly, lunch = _friday_and_saturday(sim, clients, interval="1h", time_segment_labels="Lunch")
    assert _local_hours(lunch) == ["Fri 11", "Fri 12"]  # weekdays 11:00-13:00, not Saturday
    by_stamp = {r["timestamp"]: r for r in hourly["results"]}
    assert lunch["results"] == [by_stamp[r["timestamp"]] for r in lunch["results"]]
    assert sum(r["interval"]["analytics"]["entrances"] for r in lunch["results"]) > 0
    total = sum(r["interval"]["analytics"]["entrances"] for r in lunch["results"])
    assert lunch["metrics"]["entrances"]["total"] == total


def test_a_daily_bucket_under_a_segment_covers_only_the_segment(sim, clients):
    hourly, daily = _friday_and_saturday(sim, clients, interval="1d", time_segment_labels="Lunch")
    inside = [r for r in hourly["results"] if _local_hour(r) in {"Fri 11", "Fri 12"}]
    assert daily["total"] == 1  # Saturday has no lunch segment
    friday = daily["results"][0]
    analytics = friday["interval"]["analytics"]
    assert friday["timestamp"] == hourly["results"][0]["timestamp"]  # the bucket keeps its start
    assert friday["count"] == inside[0]["count"]  # the count where the segment begins
    assert analytics["entrances"] == sum(r["interval"]["analytics"]["entrances"] for r in inside)
    assert analytics["exits"] == sum(r["interval"]["analytics"]["exits"] for r in inside)
    assert analytics["max"] == max(r["interval"]["analytics"]["max"] for r in inside)
    assert analytics["min"] == min(r["interval"]["analytics"]["min"] for r in inside)
    assert analytics["entry_rate"] == pytest.approx(analytics["entrances"] / 120)


def test_a_time_segment_group_keeps_the_union_of_its_segments(sim, clients):
    group = sim.world.portfolio("density").time_segment_groups[0]
    _, by_name = _friday_and_saturday(sim, clients, interval="1h", time_segment_groups=group.name)
    _, by_id = _friday_and_saturday(sim, clients, interval="1h", time_segment_groups=group.id)
    assert by_name == by_id
    assert _local_hours(by_name) == [f"Fri {h:02d}" for h in range(9, 17)]  # 09-17 and 11-13


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"time_segment_labels": "Brunch"}, "Brunch"),
        ({"time_segment_groups": "tsg_1"}, "tsg_1"),
    ],
)
def test_an_unknown_time_segment_is_400(sim, clients, params, message):
    cafe = space(sim, "density", "Main Cafe")
    response = clients["density"].get(
        f"/spaces/{cafe.id}/counts/",
        params={"start_time": "2026-11-13T00:00:00Z", "end_time": "2026-11-14T00:00:00Z", **params},
    )
    assert response.status_code == 400 and message in response.json()["detail"]
