"""The Density v2 / Omnos source against the simulator speaking every reading of every open point
(simulator/dialect.py): the same rows as the simulator's truth, nothing Unreadable."""

from datetime import UTC, datetime, timedelta

import pytest

from pipelines.density_v2 import omnos_source
from pipelines.density_v2.planner import counts_windows, events_window
from simulator.dialect import every_reading
from simulator.server import start
from tests.fixtures.env import last_days
from tests.fixtures.simulator import fast_config
from tests.fixtures.warehouse import client, query, run_source

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "dialect",
    every_reading(),
    ids=lambda d: "-".join(
        (d.v2_total, d.v2_next, d.v2_utilization, d.v2_timestamps, d.v2_page_cap)
    ),
)
def test_every_reading_loads_the_truth(env, dialect):
    with start(fast_config(dialect=dialect)) as sim:
        first, last = last_days(sim, 2)
        with client(sim, "omnos", "tok_omnos_demo", vendor="Omnos") as omnos:
            # above the documented 1000: served as asked, or capped and followed by `next`
            source = omnos_source(client=omnos, start_date=first, end_date=last, page_size=1500)
            run_source(env.warehouse, "omnos", source)
        assert omnos.unreadable == []
        for space in sim.world.portfolio("omnos").spaces:
            created = datetime.fromtimestamp(space.created_us / 1e6, UTC)
            window = events_window(first, last, space.time_zone, space.daily_reset, created)
            truth = sim.world.events("omnos", space.id, window.start, window.end) if window else []
            loaded = query(
                env.warehouse,
                "select count(*), coalesce(sum(direction), 0) from omnos.events where space_id = ?",
                [space.id],
            )
            assert loaded == [(len(truth), sum(e.direction for e in truth))]
            planned = counts_windows(first, last, space.time_zone, "1h", 1500, created)
            (hours,) = query(
                env.warehouse, "select count(*) from omnos.counts where space_id = ?", [space.id]
            )[0]
            assert hours == sum((w.end - w.start) // timedelta(hours=1) for w in planned)
        shares = query(
            env.warehouse,
            "select count(*) from omnos.counts where interval__analytics__utilization > 5",
        )
        assert shares == [(0,)]  # a share of capacity, never a percent
