"""The v3 source's facts through the HTTP client (respx): repeated keys reach the parser, a
per-period data status is split, an unreadable answer is recorded and the rest still read."""

import json
from datetime import UTC, date, datetime

import httpx
import respx

from pipelines.density_v3 import density_v3_source
from pipelines.http import BearerToken, RateLimiter, VendorClient

BASE = "https://api.density.io/v3"
DAY = date(2026, 11, 1)  # New York falls back: 01:00 twice
SPACES = [
    {"id": "spc_floor", "space_type": "floor", "time_zone": "America/New_York",
     "children_ids": ["spc_area"]},
    {"id": "spc_area", "space_type": "space", "time_zone": "America/New_York",
     "counting_mode": "oa", "children_ids": []},
]  # fmt: skip


def rows_of(resource: str, routes, first: date = DAY, last: date = DAY) -> tuple[list, list]:
    """(rows, unreadable errors) of one resource of the source over mocked v3 answers."""
    with respx.mock(base_url=BASE) as mock:
        mock.get("/spaces").respond(json=SPACES)
        routes(mock)
        client = VendorClient(
            vendor="Density v3",
            base_url=BASE,
            auth=BearerToken("tok_test"),
            limiter=RateLimiter(1000, 1.0),
            max_attempts=1,
        )
        with client:
            source = density_v3_source(client=client, start_date=first, end_date=last)
            rows = list(source.with_resources(resource))
        return rows, client.unreadable


def test_a_repeated_naive_hour_reaches_the_parser_as_two_hours():
    keys = [f"2026-11-01T{h:02d}:00:00" for h in (0, 1, 1, 2)]
    text = '{"spc_area": {' + ",".join(
        f'"{k}": {{"occupancy_max": {i}}}' for i, k in enumerate(keys)
    )
    rows, unreadable = rows_of(
        "metrics",
        lambda mock: mock.post("/analytics/metrics").respond(
            content=(text + "}}").encode(), headers={"content-type": "application/json"}
        ),
    )
    assert unreadable == []
    assert [(r["timestamp"], r["occupancy_max"]) for r in rows] == [
        (datetime(2026, 11, 1, h, tzinfo=UTC), i) for i, h in enumerate((4, 5, 6, 7))
    ]


def test_a_per_period_status_below_one_is_split_to_days():
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        late = body["end_date"] >= "2026-11-20"  # holds local 11-19, not final yet
        return httpx.Response(200, json={"spc_floor": {"data_status": 0.5 if late else 1}})

    routes = {}

    def mock_status(mock):
        routes["status"] = mock.post("/analytics/data-status").mock(side_effect=answer)

    rows, unreadable = rows_of("data_status", mock_status, date(2026, 11, 16), date(2026, 11, 19))
    assert unreadable == []
    assert [(r["date"], r["data_status"]) for r in rows] == [
        ("2026-11-16", 1.0),
        ("2026-11-17", 1.0),
        ("2026-11-18", 1.0),
        ("2026-11-19", 0.5),
    ]
    assert routes["status"].call_count == 1 + 2 + 2  # 4 days -> 2 + 2 -> (1 + 1)


def test_an_unreadable_answer_is_recorded_and_the_others_still_read():
    answers = iter([{"spc_floor": "soon"}, {"spc_floor": {"data_status": 1}}])
    rows, unreadable = rows_of(
        "data_status",
        lambda mock: mock.post("/analytics/data-status").mock(
            side_effect=lambda _: httpx.Response(200, json=next(answers))
        ),
        date(2026, 10, 1),
        date(2026, 10, 15),  # two windows of local days
    )
    (error,) = unreadable
    assert "\n" not in str(error)
    for part in ("Density v3 POST /analytics/data-status", "2026-10-01T04:00:00Z", "spc_floor"):
        assert part in str(error)
    assert sorted({r["date"] for r in rows}) == [f"2026-10-{d}" for d in range(11, 16)]
