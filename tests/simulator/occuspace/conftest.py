"""The Occuspace tests' fixtures: a simulator per module and a client that restores its clock."""

import httpx
import pytest

from simulator.server import start
from tests.fixtures.simulator import OCCUSPACE_AUTH, fast_config


@pytest.fixture(scope="module")
def sim():
    with start(fast_config()) as handle:
        yield handle


@pytest.fixture
def api(sim):
    now = sim.world.now
    with httpx.Client(base_url=sim.api_url("occuspace"), headers=OCCUSPACE_AUTH) as client:
        yield client
    sim.world.now = now
    sim.faults.clear()
