"""The demo end to end, as a user runs it: then the warehouse is one coherent set of marts, the
README's SQL answers the same on the warehouse and on the Parquet lake, and dbt docs build."""

import json
import os
import re
import subprocess
import sys

import duckdb
import pytest

from assets.dbt import DBT_EXECUTABLE
from assets.resources import resources_from_env
from warehouse.lake import connect_lake
from warehouse.paths import DBT_PROJECT_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow

HOURLY_FACTS = ("occupancy_hourly", "occupancy_daily", "data_quality_flags", "working_hours_daily")


def _readme_queries() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Five questions in SQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """The demo as a user runs it, in its own process: its exit status and whole console output
    (stdout and stderr, not a terminal), and the environment it ran with."""
    from tests.fixtures.env import VENDOR_ENV

    data = tmp_path_factory.mktemp("demo") / "data"
    env = {k: v for k, v in os.environ.items() if k not in VENDOR_ENV and k != "DAGSTER_HOME"}
    env |= {
        "OCCUPANCY_WAREHOUSE": str(data / "warehouse.duckdb"),
        "OCCUPANCY_LAKE": str(data / "lake"),
    }
    completed = subprocess.run(
        [sys.executable, "-c", "import sys; from assets.cli import main; sys.exit(main())"]
        + ["demo", "--days", "7"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return completed, env


@pytest.fixture(scope="module")
def demo(demo_run):
    completed, env = demo_run
    assert completed.returncode == 0, completed.stdout[-3000:]
    return resources_from_env(env)["warehouse"]


def test_the_demos_output_fits_one_screen_and_ends_with_the_summary_table(demo_run):
    completed, _ = demo_run
    lines = completed.stdout.rstrip().splitlines()
    assert len(lines) < 60, completed.stdout
    noise = re.compile(r"HTTP Request:|^\d+ of \d+ (START|OK|PASS)|Warning")
    assert not [line for line in lines if noise.search(line)]  # httpx, dbt nodes, warnings
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("done in")) :]
    assert not any(ch.isalnum() for ch in table[-1])  # the table's bottom border ends it
    shown = {line.split("│")[1].strip() for line in table if "│" in line}
    assert {"Density v2", "Density v3", "Omnos", "Occuspace", "marts.occupancy_daily"} <= shown


def test_demo_loads_all_four_apis_into_one_coherent_set_of_marts(demo, capsys):
    with duckdb.connect(str(demo.warehouse_path), read_only=True) as con:
        apis = {
            row[0]
            for row in con.sql("select distinct source_api from marts.occupancy_hourly").fetchall()
        }
        assert apis == {"density_v2", "density_v3", "omnos", "occuspace"}
        doubled = con.sql(
            "select space_key, hour_start_utc from marts.occupancy_hourly"
            " group by all having count(*) > 1"
        ).fetchall()
        assert doubled == []  # no two APIs (nor one twice) for the same space and hour
        for table in HOURLY_FACTS:
            orphans = con.sql(
                f"select count(*) from marts.{table} where space_key is null"
                " or space_key not in (select space_key from marts.spaces)"
            ).fetchone()[0]
            assert orphans == 0, table
        keys = con.sql("select count(*), count(distinct space_key) from marts.spaces").fetchone()
        assert keys[0] == keys[1]
        assert con.sql("select count(*) from marts.sessions").fetchone()[0] > 0


def test_readme_queries_answer_the_same_on_the_warehouse_and_the_lake(demo):
    queries = _readme_queries()
    assert len(queries) == 5
    with (
        duckdb.connect(str(demo.warehouse_path), read_only=True) as warehouse,
        connect_lake(demo.lake_path) as lake,
    ):
        for query in queries:
            answer = warehouse.sql(query).fetchall()
            assert answer, query
            assert lake.sql(query).fetchall() == answer, query


def test_dbt_docs_generate_describes_every_mart_column(demo, tmp_path):
    env = {**os.environ, "OCCUPANCY_WAREHOUSE": str(demo.warehouse_path)}
    completed = subprocess.run(
        [
            DBT_EXECUTABLE,
            "docs",
            "generate",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-2000:]
    catalog = json.loads((tmp_path / "catalog.json").read_text())
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    marts = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    ]
    assert len(marts) >= 8
    for node in marts:
        built = catalog["nodes"][node["unique_id"]]["columns"]
        undocumented = [c for c in built if not node["columns"].get(c, {}).get("description")]
        assert undocumented == [], node["name"]
