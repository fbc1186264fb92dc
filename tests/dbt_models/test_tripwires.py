"""The cross-API tripwires: silent on the fixtures' honest world, tripped by the marks of wrong
readings (sessions a zone's offset off, an hour of events lost, v3 entrances doubled), and loaded
by dagster-dbt as blocking asset checks on the models they guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dagster import AssetKey

from tests.fixtures.raw_density_v3 import local
from tests.fixtures.tripwires import (
    TRIPWIRES,
    build_tripwires,
    double_v3_entrances,
    drop_events_hour,
    shift_sessions,
    write_honest_world,
)

SESSIONS, EVENTS, V2_V3 = TRIPWIRES
CONFERENCE_ROOM = "spc_1111"
CAFE = "spc_1112"


def world(tmp_path: Path) -> tuple[Path, Path]:
    """The honest world in its own warehouse: each slow test pays one dbt build, on any worker."""
    warehouse = tmp_path / "warehouse.duckdb"
    write_honest_world(warehouse)
    return tmp_path, warehouse


@pytest.mark.slow
def test_every_tripwire_passes_on_the_honest_world(tmp_path):
    honest = build_tripwires(*world(tmp_path))
    # the world's own disagreements (one v2 hour whose counts and events differ, one hour v2
    # and v3 count apart, a booth hour with time used and no session) stay below the tripwires
    assert {name: outcome["status"] for name, outcome in honest.items()} == dict.fromkeys(
        TRIPWIRES, "pass"
    )


@pytest.mark.slow
def test_each_planted_fault_trips_its_own_tripwire(tmp_path):
    workdir, warehouse = world(tmp_path)
    # New York's winter offset: local wall times read as UTC land 5 h early (4 h in EDT)
    shift_sessions(warehouse, -5)
    # Conference Room A's 09:00 lost from Density v2, the Cafe's 14:00 from Omnos
    assert drop_events_hour(warehouse, "density_v2", CONFERENCE_ROOM, local("2024-11-02 09:00"))
    assert drop_events_hour(warehouse, "omnos", CAFE, local("2024-11-02 14:00"))
    double_v3_entrances(warehouse)
    planted = build_tripwires(workdir, warehouse)
    assert {name: outcome["status"] for name, outcome in planted.items()} == dict.fromkeys(
        TRIPWIRES, "fail"
    )

    # sessions: Conference Room A on both days, the Phone Booth on the day it was used
    sessions = planted[SESSIONS]["rows"]
    assert {(row["space_key"], str(row["local_date"])) for row in sessions} == {
        ("density:spc_1111", "2024-11-02"),
        ("density:spc_1111", "2024-11-03"),
        ("density:spc_1113", "2024-11-02"),
    }
    assert all(row["uncovered_share"] > 0.2 for row in sessions)

    # events: Omnos' Conference Room A keeps its one honest disagreement in 6 hours; the
    # Density v2 room loses a second hour, the Omnos Cafe one of its 3 hours with traffic
    assert {row["space_key"]: row["mismatched_hours"] for row in planted[EVENTS]["rows"]} == {
        f"density:{CONFERENCE_ROOM}": 2,
        f"omnos:{CAFE}": 1,
    }

    # v2 vs v3: doubled, 3 and 5 entrances leave v2's 2 and 3 beyond the tolerance (doubled 1s
    # stay within it)
    assert [(row["space_key"], row["mismatched_hours"]) for row in planted[V2_V3]["rows"]] == [
        (f"density:{CONFERENCE_ROOM}", 2)
    ]


GUARDED = {
    SESSIONS: (["staging", "stg_density_v3__raw_sessions"], "time zone reading"),
    EVENTS: (["intermediate", "int_density_v2__occupancy_hourly"], "pagination"),
    V2_V3: (["intermediate", "int_density_v3__occupancy_hourly"], "count_mismatch flags"),
}


def test_each_tripwire_is_a_blocking_check_on_the_model_it_guards():
    from assets.dbt import dbt_models

    specs = {spec.name: spec for spec in dbt_models.check_specs if spec.name in TRIPWIRES}
    assert set(specs) == set(TRIPWIRES)
    for name, (asset_path, what_to_look_at) in GUARDED.items():
        spec = specs[name]
        assert spec.blocking
        assert spec.asset_key == AssetKey(asset_path)
        assert what_to_look_at in spec.description


def test_dbt_build_runs_each_tripwire_before_the_marts_it_protects():
    # dbt build makes a model wait for a test only when the model descends from every model the
    # test reads: so a failing tripwire skips these marts in the same build
    from assets.dbt import dbt_project

    manifest = json.loads(dbt_project.manifest_path.read_text())
    parents = manifest["parent_map"]

    def ancestors(node: str) -> set[str]:
        found, todo = set(), [node]
        while todo:
            for parent in parents.get(todo.pop(), []):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    protected = {
        SESSIONS: ("data_quality_flags", "data_quality_daily"),
        EVENTS: (
            "occupancy_hourly",
            "occupancy_daily",
            "working_hours_daily",
            "data_quality_flags",
        ),
        V2_V3: ("occupancy_hourly", "occupancy_daily", "working_hours_daily", "data_quality_flags"),
    }
    for name, marts in protected.items():
        reads = set(manifest["nodes"][f"test.occupancy.{name}"]["depends_on"]["nodes"])
        for mart in marts:
            assert reads <= ancestors(f"model.occupancy.{mart}"), (name, mart)
