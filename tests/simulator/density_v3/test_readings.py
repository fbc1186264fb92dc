"""The v3 simulator under each dialect reading: the same instants and values, written otherwise."""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from simulator.density_v3.analytics import analytics, data_status, raw_sessions
from simulator.density_v3.metrics import ENDPOINT_FIELDS
from simulator.density_v3.occupancy import v3_world
from simulator.density_v3.readings import Pairs, dumps, has_pairs
from simulator.density_v3.request import V3Request
from simulator.dialect import Dialect
from simulator.world.world import DEFAULT_NOW, World

NY_DAY = {"start_date": "2026-11-01T00:00:00", "end_date": "2026-11-01T23:59:59"}  # 25 hours


@pytest.fixture(scope="module")
def v3():
    return v3_world(World(7, DEFAULT_NOW))


def named(v3, name: str):
    return next(s for s in v3.folio.spaces if s.name == name)


def ask(v3, handler, body: dict, **dialect: str):
    return handler(V3Request(v3, body, {}, v3.world.now_us, Dialect(**dialect)))


def instant(text: str, time_zone: str) -> datetime:
    """A session time as an instant: with its offset or Z, or else a wall time in the zone."""
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:  # these sessions never start in a repeated hour: fold 0 is right
        parsed = parsed.replace(tzinfo=ZoneInfo(time_zone))
    return parsed.astimezone(UTC)


@pytest.mark.parametrize("reading", ["utc_z", "naive_local"])
def test_session_times_name_the_same_instants_in_every_reading(v3, reading):
    space = named(v3, "F1 Open Desks")
    body = {
        "space_ids": [space.id],
        "start_date": "2026-10-26T00:00:00",
        "end_date": "2026-11-06T23:59:59",
    }
    base = ask(v3, raw_sessions, body)["sessions"]
    other = ask(v3, raw_sessions, body, sessions_time=reading)["sessions"]
    assert base and len(other) == len(base)
    for a, b in zip(base, other, strict=True):
        for field in ("start_time", "end_time"):
            assert instant(b[field], space.time_zone) == instant(a[field], space.time_zone)
            assert b[field].endswith("Z") is (reading == "utc_z")
            assert (datetime.fromisoformat(b[field]).tzinfo is None) is (reading == "naive_local")


def test_naive_bucket_keys_repeat_the_fall_back_hour_in_time_order(v3):
    space = named(v3, "F1 Open Desks")
    body = {"space_ids": [space.id], **NY_DAY, "time_resolution": "hour"}
    metrics = analytics(ENDPOINT_FIELDS["metrics"])
    offset = ask(v3, metrics, body)[space.id]
    naive = ask(v3, metrics, body, metrics_time="naive_local")
    assert has_pairs(naive) and isinstance(naive[space.id], Pairs)
    pairs = json.loads(dumps(naive), object_pairs_hook=lambda p: p)[0][1]
    assert len(pairs) == len(offset) == 25
    assert [k for k, _ in pairs] == [k[:19] for k in offset]  # the offset dropped, order kept
    assert [k for k, _ in pairs].count("2026-11-01T01:00:00") == 2
    assert [dict(v) for _, v in pairs] == list(offset.values())


def test_utc_bucket_keys_are_the_same_instants_with_z(v3):
    space = named(v3, "London Hot Desks")
    body = {"space_ids": [space.id], **NY_DAY, "time_resolution": "hour"}
    metrics = analytics(ENDPOINT_FIELDS["metrics"])
    offset = ask(v3, metrics, body)[space.id]
    utc = ask(v3, metrics, body, metrics_time="utc_z")[space.id]
    assert not isinstance(utc, Pairs) and list(utc.values()) == list(offset.values())
    assert [datetime.fromisoformat(k) for k in utc] == [datetime.fromisoformat(k) for k in offset]
    assert all(k.endswith("Z") for k in utc)


def test_grouped_keys_are_not_times_and_stay_as_they_are(v3):
    space = named(v3, "F1 Open Desks")
    body = {"space_ids": [space.id], **NY_DAY, "time_resolution": "hour_of_day"}
    metrics = analytics(ENDPOINT_FIELDS["metrics"])
    assert list(ask(v3, metrics, body, metrics_time="utc_z")[space.id]) == [
        str(h) for h in range(24)
    ]


def test_period_data_status_is_the_period_share_alone(v3):
    floor = named(v3, "HQ Floor 1")
    body = {
        "floor_ids": [floor.id],
        "start_date": "2026-11-11T05:00:00Z",
        "end_date": "2026-11-21T04:59:59Z",
    }
    daily = ask(v3, data_status, body)[floor.id]
    period = ask(v3, data_status, body, data_status="period")[floor.id]
    assert period == {"data_status": daily["data_status"]} and daily["data_status"] < 1
    assert len(daily["daily"]) == 10


def test_dumps_writes_repeated_keys_and_plain_values_as_json():
    text = dumps({"a": Pairs([("k", [1, None]), ("k", {"x": "é"})]), "b": True})
    assert text == '{"a":{"k":[1,null],"k":{"x":"\\u00e9"}},"b":true}'
    assert json.loads(text) == {"a": {"k": {"x": "é"}}, "b": True}
