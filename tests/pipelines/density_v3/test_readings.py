"""The v3 source against the simulator under each dialect, 155 days over both autumn DST changes:
the same instants, one row per local hour, day-level finality as the simulator knows it, no more
data-status requests than one per window plus the halves of incomplete ones."""

from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.density_v3 import density_v3_source
from pipelines.density_v3.planner import data_status_asks
from pipelines.http import RateLimiter
from simulator.config import SimulatorConfig
from simulator.density_v3.occupancy import v3_world
from simulator.density_v3.render import space_json
from simulator.dialect import Dialect
from simulator.server import start
from simulator.world.timeutil import US_PER_H, US_PER_MS, local_midnight
from tests.fixtures.simulator import FAST_V3
from tests.fixtures.warehouse import query, run_source, v3_client

LAST = date(2026, 11, 19)  # London falls back on 10-25, New York on 11-01
FIRST = LAST - timedelta(days=154)  # over 150 days, and the late floors' windows span days
NOW = datetime(2026, 11, 20, 2, tzinfo=UTC)  # the last local day is not final on every floor
DIALECTS = [
    Dialect(),
    Dialect(sessions_time="naive_local", data_status="period", metrics_time="naive_local"),
    Dialect(sessions_time="utc_z", data_status="period", metrics_time="utc_z"),
]


def _requests_needed(floors: list[str], days: list[date], final: dict) -> int:
    """Data-status requests for one window when each answer below 1 is halved, day by day."""
    late = [f for f in floors if any(final[f, d] < 1 for d in days)]
    if not late or len(days) == 1:
        return 1
    half = (len(days) + 1) // 2
    return (
        1 + _requests_needed(late, days[:half], final) + _requests_needed(late, days[half:], final)
    )


@pytest.mark.slow
@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: f"{d.sessions_time}-{d.data_status}")
def test_every_reading_loads_the_simulators_truth(tmp_path, dialect):
    warehouse = tmp_path / "warehouse.duckdb"
    with start(SimulatorConfig(**FAST_V3, now=NOW, dialect=dialect)) as sim:
        limiter = RateLimiter(10**6, 1.0)
        with v3_client(sim.api_url("density_v3"), token="tok_density_demo", limiter=limiter) as c:
            run_source(
                warehouse,
                "density_v3",
                density_v3_source(client=c, start_date=FIRST, end_date=LAST),
            )
            assert c.unreadable == []
        logged = [r["path"] for r in sim.requests()]
        truth, now_us = v3_world(sim.world), sim.world.now_us
    counted = [s for s in truth.folio.spaces if truth.mode(s)]
    bounds = {
        s.id: (
            local_midnight(FIRST, s.time_zone),
            local_midnight(LAST + timedelta(days=1), s.time_zone),
        )
        for s in truth.folio.spaces
    }

    loaded = query(warehouse, "select space_id, epoch_us(start_time) from density_v3.raw_sessions")
    expected = {
        (s.id, a // US_PER_MS * US_PER_MS)
        for s in counted
        for a, _ in truth.sessions(s, *bounds[s.id], now_us)
    }
    assert expected and sorted(loaded) == sorted(expected)  # instants, each once

    hours = query(warehouse, "select space_id, epoch_us(timestamp) from density_v3.metrics")
    assert sorted(hours) == sorted(  # one row per local hour: 25 on a fall-back day, none twice
        (s.id, t)
        for s in counted
        for t in range(bounds[s.id][0], min(bounds[s.id][1], now_us), US_PER_H)
    )

    listing = [space_json(truth, s) for s in truth.folio.spaces]
    asks = data_status_asks(listing, FIRST, LAST)
    final = {
        (floor_id, day): round(share, 4)
        for ask in asks
        for floor_id in ask.floor_ids
        for day, share in truth.data_status(truth.folio.space(floor_id), *bounds[floor_id], now_us)
    }
    status = query(warehouse, "select floor_id, date, data_status from density_v3.data_status")
    assert sorted(status) == sorted((f, d, s) for (f, d), s in final.items())
    assert any(s < 1 for s in final.values())
    needed = sum(
        _requests_needed(
            list(a.floor_ids),
            [
                a.days.first + timedelta(days=i)
                for i in range((a.days.last - a.days.first).days + 1)
            ],
            final,
        )
        for a in asks
    )
    sent = logged.count("/analytics/data-status")
    assert sent == (len(asks) if dialect.data_status == "daily" else needed)
    assert dialect.data_status == "daily" or sent > len(asks)  # the splits were exercised
