"""The Arrow path of counts pages: the same values as the record path, or the record path."""

from datetime import UTC, datetime

import pytest

from pipelines.columns import stamp
from pipelines.density_v2.arrow import OffShape, count_table, event_table
from pipelines.density_v2.records import count_sample, event
from pipelines.windows import Window

WINDOW = Window(datetime(2026, 11, 19, tzinfo=UTC), datetime(2026, 11, 20, tzinfo=UTC))
SPACE = {"id": "spc_1", "capacity": 20, "target_capacity": 10}


def _sample(hour: int, **analytics) -> dict:
    start = f"2026-11-19T{hour:02d}:00:00Z"
    values = {
        "min": 0,
        "max": 4,
        "events": 6,
        "entrances": 3,
        "exits": 3,
        "utilization": 0.2,
        "target_utilization": 0.4,
        "entry_rate": 0.05,
        "exit_rate": 0,
    }
    end = f"2026-11-19T{hour:02d}:59:59.999Z"
    return {
        "timestamp": start,
        "count": hour,
        "interval": {"start": start, "end": end, "analytics": {**values, **analytics}},
    }


def _flat(record: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}__"))
        elif value is not None:
            out[prefix + key] = value
    return out


def _record_path(page: list[dict], space: dict) -> list[dict]:
    read = [count_sample(r, space) for r in page]
    return [_flat(r) for r in stamp(read, WINDOW, space_id=space["id"], request_interval="1h")]


PAGES = {
    "fractions": [_sample(h) for h in range(24)],
    "integer percents": [_sample(h, utilization=20, target_utilization=40) for h in range(3)],
    "zeros and nulls": [
        _sample(1, utilization=0, target_utilization=None, max=0),
        _sample(2, utilization=None, entry_rate=None),
    ],
    "a count drifted below zero": [_sample(5, max=-2, min=-3, utilization=-0.1)],
    "no interval, no analytics": [
        {"timestamp": "2026-11-19T01:00:00Z", "count": 1},
        {"timestamp": "2026-11-19T02:00:00+00:00", "count": 2, "interval": None},
        {"timestamp": "2026-11-19T03:00:00.5Z", "count": 3, "interval": {"start": None}},
        {"timestamp": "2026-11-19T04:00:00Z", "count": 4, "interval": {"analytics": None}},
    ],
    "some analytics left out": [
        {"timestamp": "2026-11-19T01:00:00Z", "count": 1, "interval": {"analytics": {"max": 2}}}
    ],
}


@pytest.mark.parametrize("space", [SPACE, {"id": "spc_2", "capacity": None}, {"id": "spc_3"}])
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_documented_page_holds_what_the_record_path_would_load(page, space):
    table = count_table(page, WINDOW, space, "1h")
    rows = [{k: v for k, v in row.items() if v is not None} for row in table.to_pylist()]
    assert rows == _record_path(page, space)


@pytest.mark.parametrize(
    "record",
    [
        {**_sample(1), "occupancy_confidence": 0.9},  # an unknown field becomes a column
        {**_sample(1), "interval": {**_sample(1)["interval"], "label": "x"}},
        {**_sample(1), "timestamp": "2026-11-19 01:00:00Z"},  # another timestamp reading
        {**_sample(1), "timestamp": "2026-11-19T01:00:00-05:00"},
        {**_sample(1), "timestamp": None},  # unreadable: the record path records it
        {**_sample(1), "count": True},
        {**_sample(1), "count": "12345678901234567890123"},  # beyond 64 bits, kept as text
        _sample(1, utilization="20%"),
        _sample(1, entry_rate=float("nan")),
        {**_sample(1), "interval": []},
    ],
)
def test_any_other_page_goes_through_the_record_path(record):
    with pytest.raises(OffShape):
        count_table([_sample(0), record], WINDOW, SPACE, "1h")


EVENTS = [
    {
        "id": "evt_1",
        "sensor_serial_number": "Z1",
        "doorway_id": "drw_1",
        "timestamp": "2026-11-19T08:01:02.345Z",
        "direction": 1,
    },
    {"id": "evt_2", "timestamp": "2026-11-19T08:05:00+00:00", "direction": -1},
    {"id": "evt_3", "doorway_id": None, "timestamp": "2026-11-19T09:00:00Z", "direction": -1},
]


def test_a_documented_events_page_holds_what_the_record_path_would_load():
    table = event_table(EVENTS, WINDOW, "spc_1")
    rows = [{k: v for k, v in row.items() if v is not None} for row in table.to_pylist()]
    read = stamp([event(r) for r in EVENTS], WINDOW, space_id="spc_1")
    assert rows == [_flat(r) for r in read]


@pytest.mark.parametrize(
    "change",
    [
        {"space_id": "spc_9"},  # a field the docs don't show: a column, by the record path
        {"id": ""},
        {"id": 7},
        {"direction": 2},
        {"direction": True},
        {"doorway_id": 12},
        {"timestamp": "2026-11-19T08:00"},
    ],
)
def test_any_other_events_page_goes_through_the_record_path(change):
    with pytest.raises(OffShape):
        event_table([EVENTS[0], {**EVENTS[1], **change}], WINDOW, "spc_1")
