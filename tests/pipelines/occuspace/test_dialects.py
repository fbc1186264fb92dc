"""The Occuspace source against the simulator speaking every reading of its open points
(ids as numbers or strings, `parentId` or `parentID`): the same locations, nothing Unreadable."""

import pytest

from pipelines.occuspace import occuspace_snapshots_source, occuspace_source
from simulator.dialect import every_reading
from simulator.occuspace.world import OccuspaceWorld
from simulator.server import start
from tests.fixtures.env import last_days
from tests.fixtures.simulator import fast_config
from tests.fixtures.warehouse import client, query, run_source

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "dialect", every_reading(), ids=lambda d: f"{d.occuspace_ids}-{d.occuspace_parent}"
)
def test_every_reading_loads_the_same_locations_and_counts(env, dialect):
    with start(fast_config(dialect=dialect)) as sim:
        first, last = last_days(sim, 1)
        world = OccuspaceWorld(sim.config.seed)
        with client(sim, "occuspace", "tok_occuspace_demo", vendor="Occuspace") as occuspace:
            facts = occuspace_source(client=occuspace, start_date=first, end_date=last)
            run_source(env.warehouse, "occuspace", facts)
            run_source(env.warehouse, "occuspace", occuspace_snapshots_source(client=occuspace))
        assert occuspace.unreadable == []
    locations = query(env.warehouse, "select id, parent_id from occuspace.locations order by id")
    assert locations == sorted((loc.id, loc.parent_id) for loc in world.locations())
    not_ok = query(env.warehouse, "select count(*) from occuspace.now where outcome <> 'ok'")
    assert not_ok == [(1,)]  # the one location the demo token may not read, nothing unreadable
    children = query(
        env.warehouse,
        "select count(*) from occuspace.now, unnest(cast(child_counts as json[])) as c(child)"
        " where json_type(child -> 'id') <> 'UBIGINT'",
    )
    assert children == [(0,)]  # child ids stored as integers whatever was sent
