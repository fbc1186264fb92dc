"""The Density v2 source's resources with respx: links and time segment groups, the created_at
clamp on the wire, and unreadable records left out with their one line."""

import logging
from datetime import date

import httpx
import pytest
import respx

from pipelines.density_v2 import density_v2_source
from pipelines.http import NotFound
from tests.fixtures.http import BASE, make_client

SPACE = {
    "id": "spc_1",
    "name": "Cafe",
    "time_zone": "UTC",
    "daily_reset": "04:00",
    "capacity": 20,
    "target_capacity": None,
    "created_at": "2026-03-02 10:23:05.5Z",
}
LINK = {
    "id": "lnk_1",
    "space_id": "spc_1",
    "doorway_id": "drw_1",
    "space_name": "Cafe",
    "doorway_name": "Front",
    "sensor_placement": -1,
    "vendor_extra": True,
}
GROUP = {"id": "tsg_1", "name": "Lunches", "time_segments": [{"time_segment_id": "tsm_1"}]}
EMPTY = ("doorways", "sensors", "tags", "time_segments")


def _listing(rows, **root):
    return httpx.Response(200, json={"count": len(rows), "next": None, **root, "results": rows})


@pytest.fixture
def router():
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        mock.get("/spaces/").mock(return_value=_listing([SPACE]))
        for name in EMPTY:
            mock.get(f"/{name}/").mock(return_value=_listing([]))
        yield mock


def _rows(resource: str, client, first=date(2026, 3, 1), last=date(2026, 3, 3)):
    source = density_v2_source(client=client, start_date=first, end_date=last)
    return list(source.with_resources(resource).resources[resource])


def test_links_and_time_segment_groups_are_loaded_with_their_unknown_fields(router):
    router.get("/links/").mock(return_value=_listing([LINK]))
    router.get("/time_segment_groups/").mock(return_value=_listing([GROUP], total=1))
    client, _ = make_client()
    (link,) = _rows("links", client)
    (group,) = _rows("time_segment_groups", client)
    assert {k: link[k] for k in LINK} == LINK
    assert {k: group[k] for k in GROUP} == GROUP
    assert client.unreadable == []


def test_a_vendor_without_the_links_list_logs_it_and_loads_none(router, caplog):
    router.get("/links/").mock(return_value=httpx.Response(404, json={"detail": "Not found."}))
    client, _ = make_client()
    with caplog.at_level(logging.WARNING, logger="pipelines.density_v2"):
        assert _rows("links", client) == []
    assert "Density v2 has no GET /links/ (HTTP 404)" in caplog.text
    assert client.unreadable == []


def test_a_missing_spaces_list_still_fails_the_run(router):
    router.get("/spaces/").mock(return_value=httpx.Response(404, json={"detail": "Not found."}))
    client, _ = make_client()
    with pytest.raises(Exception) as caught:
        _rows("spaces", client)
    assert isinstance(caught.value.__cause__ or caught.value, NotFound)


def test_counts_and_events_are_asked_from_the_hour_the_space_was_created(router):
    counts = router.get("/spaces/spc_1/counts/").mock(return_value=_listing([]))
    events = router.get("/spaces/spc_1/events/").mock(return_value=_listing([]))
    client, _ = make_client()
    assert _rows("counts", client) == [] and _rows("events", client) == []
    (asked,) = [call.request.url.params for call in counts.calls]
    assert (asked["start_time"], asked["end_time"]) == (
        "2026-03-02T10:00:00Z",
        "2026-03-04T00:00:00Z",
    )
    (asked,) = [call.request.url.params for call in events.calls]
    assert asked["start_time"] == "2026-03-02T10:23:05Z"


def test_a_space_created_after_the_range_costs_no_request(router):
    counts = router.get("/spaces/spc_1/counts/").mock(return_value=_listing([]))
    events = router.get("/spaces/spc_1/events/").mock(return_value=_listing([]))
    client, _ = make_client()
    assert _rows("counts", client, date(2026, 2, 1), date(2026, 2, 2)) == []
    assert _rows("events", client, date(2026, 2, 1), date(2026, 2, 2)) == []
    assert not counts.called and not events.called


def test_an_unreadable_sample_is_left_out_and_named_the_rest_kept(router):
    def sample(hour, utilization):
        stamp = f"2026-03-03 {hour:02d}:00:00+00:00"
        analytics = {"max": 9, "utilization": utilization}
        return {
            "timestamp": stamp,
            "count": 1,
            "interval": {"start": stamp, "analytics": analytics},
        }

    router.get("/spaces/spc_1/counts/").mock(
        return_value=_listing([sample(0, 45), sample(1, "45%"), sample(2, 0.45)])
    )
    client, _ = make_client()
    rows = _rows("counts", client)
    assert [row["interval"]["analytics"]["utilization"] for row in rows] == [0.45, 0.45]
    (error,) = client.unreadable
    assert str(error).startswith(
        "Density v2 GET /spaces/spc_1/counts/ for 2026-03-02T10:00:00Z..2026-03-04T00:00:00Z:"
        " cannot read interval.analytics.utilization (a number or null) ('45%');"
    )


def test_a_404_after_the_first_page_of_links_still_fails_the_run(router):
    second = f"{BASE}/links/?page=2"
    router.get("/links/").mock(
        side_effect=lambda request: (
            httpx.Response(404, json={"detail": "Invalid page."})
            if request.url.params.get("page") == "2"
            else _listing([LINK], next=second)
        )
    )
    client, _ = make_client()
    with pytest.raises(Exception) as caught:
        _rows("links", client)
    assert isinstance(caught.value.__cause__ or caught.value, NotFound)
