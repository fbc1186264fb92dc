"""The Density v2 / Omnos tests' fixtures: a simulator per module, a client per portfolio."""

import httpx
import pytest

from simulator.server import start
from tests.fixtures.simulator import DENSITY_AUTH, OMNOS_AUTH, fast_config

AUTH = {"density": DENSITY_AUTH, "omnos": OMNOS_AUTH}
API = {"density": "density_v2", "omnos": "omnos"}


@pytest.fixture(scope="module")
def sim():
    with start(fast_config()) as handle:
        yield handle


@pytest.fixture(scope="module")
def clients(sim):
    made = {
        key: httpx.Client(base_url=sim.api_url(API[key]), headers=AUTH[key], timeout=10)
        for key in AUTH
    }
    yield made
    for client in made.values():
        client.close()
