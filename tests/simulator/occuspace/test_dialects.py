"""Occuspace speaks every reading of its dialect switches: id types and the parent field name."""

import httpx
import pytest

from simulator.dialect import Dialect, every_reading
from simulator.server import start
from tests.fixtures.simulator import OCCUSPACE_AUTH, fast_config


@pytest.fixture(scope="module", params=every_reading(), ids=lambda d: d.occuspace_ids)
def spoken(request):
    dialect: Dialect = request.param
    with start(fast_config(dialect=dialect)) as sim, httpx.Client(base_url=sim.base_url) as client:
        yield dialect, client


def test_ids_and_parent_field(spoken):
    dialect, client = spoken
    nodes = client.get("/occuspace/v1/locations", headers=OCCUSPACE_AUTH).json()["data"]
    kind = str if dialect.occuspace_ids == "string" else int
    other = "parentId" if dialect.occuspace_parent == "parentID" else "parentID"
    assert all(dialect.occuspace_parent in n and other not in n for n in nodes)
    assert all(isinstance(n["id"], kind) for n in nodes)
    parents = [n[dialect.occuspace_parent] for n in nodes if n[dialect.occuspace_parent]]
    assert parents and all(isinstance(p, kind) for p in parents)
    assert set(parents) <= {n["id"] for n in nodes}
    parent = parents[0]
    now = client.get(f"/occuspace/v1/locations/{parent}/now", headers=OCCUSPACE_AUTH).json()
    assert isinstance(now["data"]["id"], kind) and now["data"]["childCounts"]
    assert all(isinstance(c["id"], kind) for c in now["data"]["childCounts"])
