"""`occupancy-elt dev` serves the UI on the simulator, and a partition-range backfill launched the
way the UI does it materializes every vendor's ingestion and the dbt assets in one run, with the dbt
tests as passing checks."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import httpx
import pytest

from simulator.config import SimulatorConfig
from warehouse.paths import PROJECT_ROOT

pytestmark = pytest.mark.slow

LAUNCH = """
mutation($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
  }
}"""
BACKFILL = """
query($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    ... on PartitionBackfill {
      status
      runs(limit: 50) { runId status }
      error { message }
    }
  }
}"""
ASSETS = """{ assetNodes { assetKey { path } isPartitioned } }"""
CHECKS = """
query($path: [String!]!) {
  assetNodes(assetKeys: [{path: $path}]) {
    assetChecksOrError { ... on AssetChecks { checks { name executionForLatestMaterialization {
      evaluation { success } } } } }
  }
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(url: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(url, json={"query": query, "variables": variables or {}}, timeout=30)
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def dagster_dev(env, tmp_path):
    """`occupancy-elt dev` on a free port: the simulator and `dagster dev` with every vendor
    pointed at it, its Dagster instance in tmp_path, its warehouse the test's."""
    port = _free_port()
    # `dagster dev` ignores SIGTERM inherited as ignored: give it its own session to stop it by.
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "occupancy-elt"), "dev", "--port", str(port)]
        + ["--dagster-home", str(tmp_path / "dagster_home")],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "OCCUPANCY_WAREHOUSE": str(env.warehouse),
            "OCCUPANCY_LAKE": str(env.lake),
        },
        stdout=(tmp_path / "dagster.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/graphql"

    def serving():
        try:
            return len(_graphql(url, ASSETS)["assetNodes"]) > 0
        except (httpx.HTTPError, AssertionError, KeyError):
            return False

    try:
        _wait(serving, 300, "dagster dev to serve the definitions")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_dagster_dev_runs_a_partition_range_backfill(dagster_dev, env):
    nodes = _graphql(dagster_dev, ASSETS)["assetNodes"]
    keys = {tuple(node["assetKey"]["path"]) for node in nodes if node["isPartitioned"]}
    assert ("density_v2", "counts") in keys and ("marts", "occupancy_hourly") in keys

    last = SimulatorConfig().now.date() - timedelta(days=1)  # `dev` serves the default world
    first = last - timedelta(days=2)
    partitions = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    launched = _graphql(
        dagster_dev,
        LAUNCH,
        {
            "params": {
                "partitionNames": partitions,
                "assetSelection": [{"path": list(key)} for key in sorted(keys)],
            }
        },
    )["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched

    def finished():
        backfill = _graphql(dagster_dev, BACKFILL, {"id": launched["backfillId"]})
        backfill = backfill["partitionBackfillOrError"]
        return backfill if backfill["status"] not in ("REQUESTED", "CANCELING") else None

    backfill = _wait(finished, 420, "the backfill to finish")
    assert backfill["status"] == "COMPLETED_SUCCESS", backfill
    assert len(backfill["runs"]) == 1  # one run for the whole range, not one per day or slice
    assert {run["status"] for run in backfill["runs"]} == {"SUCCESS"}

    checks = _graphql(dagster_dev, CHECKS, {"path": ["marts", "occupancy_hourly"]})
    results = [
        check["executionForLatestMaterialization"]["evaluation"]["success"]
        for node in checks["assetNodes"]
        for check in node["assetChecksOrError"]["checks"]
    ]
    assert results and all(results)
    with duckdb.connect(str(env.warehouse), read_only=True) as con:
        assert con.sql("select count(*) from marts.occupancy_hourly").fetchone()[0] > 0
        # every vendor was pointed at the simulator, none left at its real host
        vendors = con.sql("select distinct vendor from marts.spaces order by 1").fetchall()
        assert [v for (v,) in vendors] == ["density", "occuspace", "omnos"]
        assert con.sql("select count(*) from density_v3.metrics").fetchone()[0] > 0
