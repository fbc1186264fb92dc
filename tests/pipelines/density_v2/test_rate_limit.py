"""At the documented 60 requests per minute, a real load never meets a 429 (about a minute long)."""

from collections import Counter
from datetime import datetime
from math import floor

import pytest

from pipelines.density_v2.settings import DIMENSIONS, OPTIONAL_DIMENSIONS
from simulator.config import SimulatorConfig
from simulator.server import start
from tests.fixtures.env import last_days
from tests.fixtures.warehouse import load_v2

pytestmark = pytest.mark.slow
OPTIONAL_LISTS = tuple(DIMENSIONS[name][0] for name in OPTIONAL_DIMENSIONS)


def test_client_never_crosses_the_documented_limit(env):
    with start(SimulatorConfig()) as sim:  # the vendor's limits: 60 per token per clock minute
        first, last = last_days(sim, 1)
        load_v2(sim, env.warehouse, "density_v2", first, last, rpm=60, page_size=60)
        requests = sim.requests()
    assert len(requests) > 60  # the load needed more than one minute's quota
    # links and time segment groups may be a 404 (not served): every other request a 200
    served = [r for r in requests if not r["path"].endswith(OPTIONAL_LISTS)]
    assert Counter(r["status"] for r in served) == {200: len(served)}
    arrivals = [
        datetime.fromisoformat(r["time"].replace("Z", "+00:00")).timestamp() for r in requests
    ]
    per_minute = Counter(floor(t / 60) for t in arrivals)
    assert max(per_minute.values()) <= 60
    assert all(
        later - earlier >= 60 for earlier, later in zip(arrivals, arrivals[60:], strict=False)
    )
