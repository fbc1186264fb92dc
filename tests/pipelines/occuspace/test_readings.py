"""Occuspace readings: ids as numbers or strings, `parentID` or `parentId`, the `message` kinds."""

import logging
from datetime import date

import pytest
import respx

from pipelines.http import BearerToken, RateLimiter, Unreadable, VendorClient
from pipelines.occuspace import occuspace_snapshots_source, occuspace_source
from pipelines.occuspace.readings import location_id, location_node, message_kind
from pipelines.occuspace.settings import DATA_KEYS

BASE = "https://api.occuspace.io/v1"
NODE = {"name": "Lab", "capacity": 9, "earliestCount": "2026-11-01", "isActive": True}


@pytest.mark.parametrize(("value", "read"), [(12, 12), ("12", 12), (" 7 ", 7), (0, 0)])
def test_an_id_as_a_number_or_a_string_is_one_integer(value, read):
    assert location_id(value, "/locations", "id") == read


@pytest.mark.parametrize("value", ["loc_12", "", None, -1, 1.5, True, "12.0"])
def test_an_id_in_no_reading_is_one_unreadable_line(value):
    with pytest.raises(Unreadable) as caught:
        location_id(value, "/locations", "id")
    assert str(caught.value) == (
        f"Occuspace GET /locations for the snapshot: cannot read id (an integer id) ({value!r});"
        " the other responses were loaded, re-run this window once it reads."
    )


@pytest.mark.parametrize(
    "given",
    [{"parentID": 1}, {"parentId": 1}, {"parentID": "1"}, {"parentId": "1", "parentID": 1}],
)
def test_the_parent_is_read_under_either_name_as_an_integer(given):
    node = location_node({"id": "2", **given, **NODE, "floorplan": "kept"})
    assert (node["id"], node["parentId"], node["floorplan"]) == (2, 1, "kept")
    assert "parentID" not in node


@pytest.mark.parametrize("given", [{"parentID": None}, {"parentId": None}, {}])
def test_a_root_has_a_null_parent(given):
    assert location_node({"id": 1, **given, **NODE})["parentId"] is None


def test_two_different_parents_are_unreadable():
    with pytest.raises(Unreadable, match="parentID/parentId"):
        location_node({"id": 2, "parentID": 1, "parentId": 3, **NODE})


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("OK", "ok"),
        (" OK ", "ok"),
        ("Missing data: the client network was down on 2024-01-02.", "discrepancy"),
        ("Requested data before the location was activated.", "discrepancy"),
        ("ok", "discrepancy"),  # not the documented text: kept and surfaced, never taken for OK
        (None, None),
    ],
)
def test_the_documented_ok_is_recognised_and_any_other_text_is_a_discrepancy(message, kind):
    assert message_kind(message) == kind


def _client() -> VendorClient:
    limiter = RateLimiter(1000, 1.0)
    return VendorClient(
        vendor="Occuspace",
        base_url=BASE,
        auth=BearerToken("tok_t"),
        limiter=limiter,
        max_attempts=1,
    )


def test_string_ids_and_an_unreadable_node_through_the_source():
    nodes = [{"id": "1", "parentId": None, **NODE}, {"id": "two", "parentID": "1", **NODE}]
    with respx.mock(base_url=BASE) as mock:
        mock.get("/locations").respond(json={"message": "OK", "data": nodes})
        client = _client()
        source = occuspace_source(
            client=client, start_date=date(2026, 11, 1), end_date=date(2026, 11, 1)
        )
        (row,) = list(source.with_resources("locations").resources["locations"])
    assert (row["id"], row["parentId"]) == (1, None)
    (error,) = client.unreadable
    assert "cannot read id (an integer id) ('two')" in str(error)


def test_a_discrepancy_is_kept_on_the_outcome_and_logged_once(caplog):
    said = "Portions of the location were closed."
    data = {key: [] for key in DATA_KEYS.values()}
    with respx.mock(base_url=BASE) as mock:
        mock.get("/locations").respond(json={"message": "OK", "data": [{"id": 1, **NODE}]})
        mock.get(url__regex=r"/locations/1/").respond(json={"message": said, "data": data})
        source = occuspace_source(
            client=_client(), start_date=date(2026, 11, 1), end_date=date(2026, 11, 2)
        )
        with caplog.at_level(logging.WARNING, logger="pipelines.occuspace.helpers"):
            outcomes = list(source.with_resources("request_outcomes").resources["request_outcomes"])
    assert len(outcomes) == 6  # four range endpoints, two days of hourly occupancy
    assert {(o["vendor_message"], o["message_kind"], o["outcome"]) for o in outcomes} == {
        (said, "discrepancy", "ok")
    }
    assert caplog.text.count(said) == 1


def test_a_now_answer_with_an_unreadable_child_id_is_one_row_and_one_line():
    now = {"id": "1", "name": "Lab", "count": 3, "childCounts": [{"id": "x", "count": 3}]}
    with respx.mock(base_url=BASE) as mock:
        mock.get("/locations").respond(json={"message": "OK", "data": [{"id": 1, **NODE}]})
        mock.get("/locations/1/now").respond(json={"message": "OK", "data": now})
        client = _client()
        (row,) = list(occuspace_snapshots_source(client=client).resources["now"])
    assert (row["id"], row["outcome"]) == (1, "unreadable")
    (error,) = client.unreadable
    assert "cannot read childCounts.id (an integer id) ('x')" in str(error)
