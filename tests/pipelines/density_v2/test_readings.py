"""The Density v2 readers: every reading of each open point, and what none of them reads."""

from datetime import UTC, datetime

import pytest

from pipelines.density_v2.readings import NotRead, parse_timestamp, read_page, utilization
from pipelines.density_v2.records import count_sample, event

INSTANT = datetime(2020, 8, 30, 15, 0, 0, 250000, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2020-08-30T15:00:00.250Z",
        "2020-08-30 15:00:00.250Z",
        "2020-08-30T15:00:00.25+00:00",
        "2020-08-30 17:00:00.250000+02:00",
        "2020-08-30T10:00:00.250-0500",
        "2020-08-30 15:00:00.250",  # no offset: the docs say every returned timestamp is UTC
    ],
)
def test_timestamps_with_t_or_space_zone_offset_or_none_are_one_utc_instant(text):
    assert parse_timestamp(text, "timestamp") == INSTANT


@pytest.mark.parametrize("text", ["2020-08-30", "30/08/2020 15:00", "", 1598799600, "now"])
def test_a_timestamp_in_no_reading_names_its_field(text):
    with pytest.raises(NotRead) as caught:
        parse_timestamp(text, "interval.start")
    assert caught.value.field == "interval.start (an ISO 8601 timestamp)"


@pytest.mark.parametrize(
    ("root", "total"),
    [({"total": 3}, 3), ({"count": 3}, 3), ({}, None), ({"total": 3, "count": 3}, 3)],
)
def test_the_row_count_is_total_count_or_absent(root, total):
    page = read_page({**root, "next": None, "previous": None, "results": [{"id": "a"}]})
    assert (page.total, page.results, page.next) == (total, [{"id": "a"}], None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "a listing object"),
        ({"total": 1, "next": None}, "results (a list of objects)"),
        ({"results": ["a"]}, "results (a list of objects)"),
        ({"total": "3", "results": []}, "total (a row count)"),
        ({"count": -1, "results": []}, "count (a row count)"),
        ({"total": 2, "count": 3, "results": []}, "total/count (two different row counts)"),
        ({"next": 2, "results": []}, "next (a URL, a path or null)"),
        ({"next": "", "results": []}, "next (a URL, a path or null)"),
    ],
)
def test_a_root_in_no_reading_is_not_read(body, field):
    with pytest.raises(NotRead) as caught:
        read_page(body)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("value", "count_max", "capacity", "share"),
    [
        (45, 9, 20, 0.45),  # integer percent
        (0.45, 9, 20, 0.45),  # decimal fraction, as the docs' max / capacity
        (45.0, 9, 20, 0.45),  # decimal percent
        (1, 20, 20, 1.0),  # a fraction of exactly 1 sent as a JSON integer
        (1, 1, 100, 0.01),  # one percent
        (0.9, 9, 20, 0.9),  # capacity halved since: the fraction still wins by far
        (-5, -1, 20, -0.05),  # a count drifted below zero before its reset
        (45, None, None, 0.45),  # nothing to compare: an integer is a percent
        (0.45, 9, None, 0.45),  # nothing to compare: a decimal is a fraction
        (0, 0, 20, 0.0),
        (None, 9, 20, None),
    ],
)
def test_utilization_is_stored_as_a_share_of_capacity(value, count_max, capacity, share):
    assert utilization(value, count_max, capacity, "u") == pytest.approx(share)


@pytest.mark.parametrize("value", ["45%", True, float("nan"), [45]])
def test_utilization_in_no_reading_is_not_read(value):
    with pytest.raises(NotRead, match="a number or null"):
        utilization(value, 9, 20, "interval.analytics.utilization")


def test_a_count_sample_keeps_unknown_fields_and_reads_the_known_ones():
    sample = {
        "timestamp": "2020-08-30 15:00:00+00:00",
        "count": 3,
        "vendor_new": {"x": 1},
        "interval": {
            "start": "2020-08-30 15:00:00+00:00",
            "end": "2020-08-30 15:59:59.999999+00:00",
            "extra": "kept",
            "analytics": {"max": 9, "utilization": 45, "target_utilization": 90, "new": 7},
        },
    }
    read = count_sample(sample, {"capacity": 20, "target_capacity": 10})
    assert read["vendor_new"] == {"x": 1} and read["count"] == 3
    assert read["timestamp"] == datetime(2020, 8, 30, 15, tzinfo=UTC)
    assert read["interval"]["end"] == datetime(2020, 8, 30, 15, 59, 59, 999999, tzinfo=UTC)
    assert read["interval"]["extra"] == "kept"
    analytics = read["interval"]["analytics"]
    assert (analytics["utilization"], analytics["target_utilization"]) == (0.45, 0.9)
    assert analytics["new"] == 7


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"id": "evt_1", "timestamp": "2016-09-19T15:32:10.409Z", "direction": 0}, "direction"),
        ({"id": "evt_1", "timestamp": "2016-09-19T15:32:10.409Z", "direction": True}, "direction"),
        ({"id": "evt_1", "timestamp": None, "direction": 1}, "timestamp"),
        ({"id": None, "timestamp": "2016-09-19T15:32:10.409Z", "direction": 1}, "id"),
    ],
)
def test_an_event_without_an_instant_id_or_direction_is_not_read(record, field):
    with pytest.raises(NotRead) as caught:
        event(record)
    assert caught.value.field.startswith(field)
