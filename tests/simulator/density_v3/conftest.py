"""The Density v3 tests' fixtures: a simulator per module, v3 and v2 clients, the v3 spaces."""

import httpx
import pytest

from simulator.server import start
from tests.fixtures.simulator import DENSITY_AUTH, FAST_V3, fast_config


@pytest.fixture(scope="module")
def sim():
    with start(fast_config(**FAST_V3)) as handle:
        yield handle


@pytest.fixture(scope="module")
def v3(sim):
    with httpx.Client(base_url=sim.api_url("density_v3"), headers=DENSITY_AUTH) as client:
        yield client


@pytest.fixture(scope="module")
def v2(sim):
    with httpx.Client(base_url=sim.api_url("density_v2"), headers=DENSITY_AUTH) as client:
        yield client


@pytest.fixture(scope="module")
def spaces(v3):
    return {s["name"]: s for s in v3.get("/spaces").json()}
