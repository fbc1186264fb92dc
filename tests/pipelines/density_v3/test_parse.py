"""Every reading of v3 times and data status through the parsers, DST cases, unreadable answers."""

import json
from datetime import UTC, datetime

import pytest

from pipelines.density_v3.parse import (
    Obj,
    Where,
    floor_statuses,
    health_rows,
    metric_rows,
    session_rows,
)
from pipelines.http import Unreadable

NY, LONDON = "America/New_York", "Europe/London"
ZONES = {"spc_ny": NY, "spc_ldn": LONDON}
WHERE = Where("/analytics/sessions/raw", "2026-11-01T00:00:00..2026-11-01T23:59:59")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def sessions(*pairs: tuple[str, str], space: str = "spc_ny") -> dict:
    return {"sessions": [{"space_id": space, "start_time": a, "end_time": b} for a, b in pairs]}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-06-02T09:15:00.250-04:00", "2026-06-02T10:00:00.000-04:00"),  # offset
        ("2026-06-02T13:15:00.250Z", "2026-06-02T14:00:00.000Z"),  # UTC Z
        ("2026-06-02T09:15:00.250", "2026-06-02T10:00:00.000"),  # naive: the space's zone
    ],
)
def test_each_session_time_reading_names_the_same_instant(start, end):
    (row,) = session_rows(sessions((start, end)), ZONES, WHERE)
    assert row["start_time"] == utc(2026, 6, 2, 13, 15, 0, 250_000)
    assert row["end_time"] == utc(2026, 6, 2, 14)
    assert (row["start_time_local"], row["end_time_local"]) == (start, end)


def test_naive_times_are_read_in_each_space_own_zone():
    answer = sessions(("2026-06-02T09:00:00", "2026-06-02T09:30:00"), space="spc_ldn")
    assert session_rows(answer, ZONES, WHERE)[0]["start_time"] == utc(2026, 6, 2, 8)


def test_a_repeated_fall_back_wall_time_is_the_first_occurrence():
    (row,) = session_rows(sessions(("2026-11-01T01:30:00", "2026-11-01T03:00:00")), ZONES, WHERE)
    assert row["start_time"] == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, the first of the two


def test_an_end_before_its_start_proves_the_second_occurrence():
    (row,) = session_rows(sessions(("2026-11-01T01:40:00", "2026-11-01T01:10:00")), ZONES, WHERE)
    assert row["start_time"] == utc(2026, 11, 1, 5, 40)
    assert row["end_time"] == utc(2026, 11, 1, 6, 10)  # 01:10 EST


def test_a_start_before_the_previous_session_end_proves_the_second_occurrence():
    answer = sessions(
        ("2026-11-01T01:20:00", "2026-11-01T01:50:00"),  # 05:20Z-05:50Z, in EDT
        ("2026-11-01T01:10:00", "2026-11-01T01:30:00"),  # after it: 01:10 EST
    )
    second = session_rows(answer, ZONES, WHERE)[1]
    assert (second["start_time"], second["end_time"]) == (
        utc(2026, 11, 1, 6, 10),
        utc(2026, 11, 1, 6, 30),
    )


def test_a_skipped_spring_forward_wall_time_moves_forward_by_the_gap():
    (row,) = session_rows(sessions(("2026-03-08T02:30:00", "2026-03-08T03:45:00")), ZONES, WHERE)
    assert row["start_time"] == utc(2026, 3, 8, 7, 30)  # read at EST: 03:30 EDT
    assert row["end_time"] == utc(2026, 3, 8, 7, 45)


def test_an_open_session_keeps_a_null_end():
    (row,) = session_rows(sessions(("2026-06-02T09:00:00Z", None)), ZONES, WHERE)
    assert row["end_time"] is None and row["start_time"] == utc(2026, 6, 2, 9)


def test_unknown_session_fields_are_kept():
    answer = sessions(("2026-06-02T09:00:00Z", "2026-06-02T10:00:00Z"))
    answer["sessions"][0]["sensor_type"] = "oa"
    assert session_rows(answer, ZONES, WHERE)[0]["sensor_type"] == "oa"


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"data": []}, "sessions"),
        ({"sessions": [{"start_time": "2026-06-02T09:00:00Z"}]}, "space_id"),
        (sessions(("soon", "2026-06-02T10:00:00Z")), "start_time"),
        (sessions(("2026-06-02T09:00:00", "x"), space="spc_nowhere"), "no known time zone"),
        (sessions(("2026-06-02T09:00:00Z", 7)), "end_time"),
    ],
)
def test_an_unreadable_session_answer_is_one_line_naming_the_request_and_field(answer, field):
    with pytest.raises(Unreadable) as caught:
        session_rows(answer, ZONES, WHERE)
    text = str(caught.value)
    assert "\n" not in text and field in text
    for part in ("Density v3", "POST /analytics/sessions/raw", WHERE.window):
        assert part in text


def metric(value: int) -> str:
    return json.dumps({"occupancy_max": value, "new_field": "kept"})


@pytest.mark.parametrize(
    "keys",
    [
        ["2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00"],
        ["2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z"],
        ["2026-11-01T00:00:00", "2026-11-01T01:00:00", "2026-11-01T01:00:00"],  # repeated key
    ],
)
def test_each_bucket_key_reading_gives_one_row_per_hour_across_the_fall_back(keys):
    text = '{"spc_ny": {' + ",".join(f'"{k}": {metric(i)}' for i, k in enumerate(keys)) + "}}"
    answer = json.loads(text, object_pairs_hook=Obj)
    rows = metric_rows(answer, ZONES, "hour", WHERE)
    assert [r["timestamp"] for r in rows] == [utc(2026, 11, 1, h) for h in (4, 5, 6)]
    assert [r["occupancy_max"] for r in rows] == [0, 1, 2]  # the first key is the first hour
    assert [r["local_timestamp"] for r in rows] == keys
    assert all(r["new_field"] == "kept" and r["time_resolution"] == "hour" for r in rows)


def test_a_key_repeated_outside_a_fall_back_is_unreadable():
    text = '{"spc_ny": {"2026-06-02T09:00:00": {}, "2026-06-02T09:00:00": {}}}'
    with pytest.raises(Unreadable, match="sent twice"):
        metric_rows(json.loads(text, object_pairs_hook=Obj), ZONES, "hour", WHERE)


@pytest.mark.parametrize(
    "answer",
    [[], {"spc_ny": []}, {"spc_ny": {"2026-06-02T09:00:00Z": 3}}, {"spc_ny": {"Monday": {}}}],
)
def test_an_unreadable_metrics_answer_raises_unreadable(answer):
    with pytest.raises(Unreadable):
        metric_rows(answer, ZONES, "hour", WHERE)


def test_data_status_is_read_per_day_per_period_or_as_a_bare_number():
    answer = {
        "spc_a": {"data_status": 0.5, "daily": [{"date": "2026-11-01", "data_status": 0.5}]},
        "spc_b": {"data_status": 1, "floor_note": "kept"},
        "spc_c": 0.25,
    }
    found = floor_statuses(answer, WHERE)
    assert found["spc_a"].daily == [{"date": "2026-11-01", "data_status": 0.5}]
    assert (found["spc_b"].period, found["spc_b"].daily, found["spc_b"].extra) == (
        1.0,
        None,
        {"floor_note": "kept"},
    )
    assert (found["spc_c"].period, found["spc_c"].daily) == (0.25, None)


@pytest.mark.parametrize(
    "answer",
    [
        [0.5],
        {"spc_a": {"$ref": "#/components/schemas/FloorHealthDataV3"}},
        {"spc_a": 1.5},
        {"spc_a": True},
        {"spc_a": {"data_status": 1, "daily": [{"date": "yesterday", "data_status": 1}]}},
    ],
)
def test_an_unreadable_data_status_raises_unreadable(answer):
    with pytest.raises(Unreadable):
        floor_statuses(answer, WHERE)


def test_health_rows_keep_every_field_and_refuse_other_shapes():
    rows = health_rows({"A1": [{"health_status": "offline", "extra": 1}]}, WHERE)
    assert rows == [{"health_status": "offline", "extra": 1, "serial_number": "A1"}]
    for answer in ([], {"A1": {"health_status": "offline"}}):
        with pytest.raises(Unreadable):
            health_rows(answer, WHERE)
