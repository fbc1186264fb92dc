"""The Occuspace dlt source on the simulator: plan, truth, messages, reruns (a 60-day backfill)."""

from collections import Counter
from datetime import date, timedelta
from datetime import time as clock

import pytest

from pipelines.occuspace.planner import plan_location
from simulator.occuspace.locations import ATHLETICS_ID, MAKER_SPACE_ID
from simulator.occuspace.metrics import daily_occupancy, hourly_occupancy, message
from simulator.occuspace.world import OccuspaceWorld
from simulator.world.timeutil import local_midnight, to_us
from tests.fixtures.env import last_days
from tests.fixtures.warehouse import query, snapshot
from tests.pipelines.occuspace.runs import TABLES, load, problems

pytestmark = pytest.mark.slow  # dlt loads of many days against the simulator (seconds each)


def hours_in(day: date, tz: str) -> int:
    return (local_midnight(day + timedelta(1), tz) - local_midnight(day, tz)) // 3_600_000_000


@pytest.fixture(scope="module")
def backfill(fast_sim, tmp_path_factory):
    """A 60-day backfill and its request log, then the same range loaded again."""
    warehouse = tmp_path_factory.mktemp("occuspace") / "data" / "warehouse.duckdb"
    fast_sim.clear_requests()
    fast_sim.faults.clear()
    first, last = last_days(fast_sim, 60)
    load(fast_sim, warehouse, first, last)
    log = fast_sim.requests()
    once = snapshot(warehouse, "occuspace", TABLES)
    first_problems = problems(warehouse)
    load(fast_sim, warehouse, first, last)
    yield {
        "first": first,
        "last": last,
        "log": log,
        "once": once,
        "twice": snapshot(warehouse, "occuspace", TABLES),
        "problems": first_problems,
        "warehouse": warehouse,
        "hourly": query(
            warehouse,
            "select location_id, normalized_date, normalized_time, fold, "
            "avg_occupancy, avg_percentage_occupied, peak_occupancy, "
            "peak_percentage_occupied, vendor_message "
            "from occuspace.hourly_occupancy",
        ),
    }


def test_a_60_day_backfill_asks_hourly_occupancy_per_day_and_the_rest_per_range(backfill, fast_sim):
    first, last, log = backfill["first"], backfill["last"], backfill["log"]
    world = OccuspaceWorld(fast_sim.config.seed)
    planned = Counter()
    for loc in world.locations():
        if loc.id != ATHLETICS_ID:
            for request in plan_location(loc.id, loc.earliest_count, first, last):
                planned[request.path, request.params["start"], request.params["end"]] += 1
    asked = Counter((r["path"], r["query"].get("start"), r["query"].get("end")) for r in log)
    assert asked.pop(("/locations", None, None)) == 1
    forbidden = [r for r in log if r["path"].startswith(f"/locations/{ATHLETICS_ID}/")]
    assert [r["status"] for r in forbidden] == [401]  # asked once, then skipped
    asked.pop((forbidden[0]["path"], str(first), str(last)))
    assert asked == planned and set(planned.values()) == {1}
    assert not any(f"/{MAKER_SPACE_ID}/" in r["path"] for r in log)  # no earliestCount
    hourly = Counter(path.rsplit("/", 2)[1] for path, *_ in planned if "hourly_occ" in path)
    assert hourly[str(1568)] == 30 and hourly[str(1560)] == 60  # activated on 2026-10-21
    assert Counter(r["status"] for r in log) == {200: 1 + len(planned), 401: 1}
    assert [(p["location_id"], p["outcome"]) for p in backfill["problems"]] == [
        (ATHLETICS_ID, "forbidden")
    ]


def truth_of_hourly_rows(world, loc, day, now_us) -> list[tuple]:
    """The simulator's hourly_occupancy of one day as warehouse rows (fold numbers repeats)."""
    said = message(world, loc, day, day, now_us)
    seen: Counter[str] = Counter()
    rows = []
    for row in hourly_occupancy(world, loc, day, day, now_us)["hourlyOccupancy"]:
        label = row["normalizedTime"]
        rows.append(
            (
                loc.id,
                day,
                clock.fromisoformat(label),
                seen[label],
                row["avgOccupancy"],
                row["avgPercentageOccupied"],
                row["peakOccupancy"],
                row["peakPercentageOccupied"],
                said,
            )
        )
        seen[label] += 1
    return rows


def test_hourly_rows_match_the_truth_with_24_or_25_hours_a_day(backfill, fast_sim):
    first, last = backfill["first"], backfill["last"]
    world, now_us = OccuspaceWorld(fast_sim.config.seed), to_us(fast_sim.world.now)
    truth, hours_per_day = [], Counter()
    for loc in world.locations():
        if loc.id in (ATHLETICS_ID, MAKER_SPACE_ID):
            continue
        day = max(first, loc.earliest_count)
        while day <= last:
            rows = truth_of_hourly_rows(world, loc, day, now_us)
            if not world.outages(loc.id, day):
                assert len(rows) == hours_in(day, loc.time_zone)
                hours_per_day[len(rows)] += 1
            truth.extend(rows)
            day += timedelta(1)
    assert sorted(backfill["hourly"]) == sorted(truth)
    loaded = query(
        backfill["warehouse"],
        "select distinct count(*) from occuspace.hourly_occupancy "
        "group by location_id, normalized_date",
    )
    assert {n for (n,) in loaded} >= {24, 25} and set(hours_per_day) == {24, 25}


def test_every_non_ok_message_is_kept_for_its_location_and_day(backfill, fast_sim):
    first, last = backfill["first"], backfill["last"]
    world = OccuspaceWorld(fast_sim.config.seed)
    by_day = {(loc, day): said for loc, day, *_, said in backfill["hourly"]}
    noted = 0
    for (loc, day), said in by_day.items():
        notes = world.day_notes(loc, day)
        assert said == (" ".join(notes) or "OK"), (loc, day)
        noted += bool(notes)
    assert noted > 20
    daily = query(
        backfill["warehouse"],
        "select location_id, any_value(vendor_message) from occuspace.daily_occupancy group by all",
    )
    for loc, said in daily:
        day = max(first, world.location(loc).earliest_count)
        while day <= last:
            assert all(note in said for note in world.day_notes(loc, day))
            day += timedelta(1)
    outcomes = query(
        backfill["warehouse"],
        "select outcome, count(*) from occuspace.request_outcomes group by all",
    )
    assert dict(outcomes) == {"ok": len(backfill["log"]) - 2, "forbidden": 4 + 60}


def test_daily_rows_match_the_truth_and_a_second_run_changes_nothing(backfill, fast_sim):
    first, last = backfill["first"], backfill["last"]
    world, now_us = OccuspaceWorld(fast_sim.config.seed), to_us(fast_sim.world.now)
    expected = sorted(
        (
            loc.id,
            date.fromisoformat(row["normalizedDate"]),
            row["avgOccupancy"],
            row["peakOccupancy"],
            row["peakPercentageOccupied"],
        )
        for loc in world.locations()
        if loc.id != ATHLETICS_ID
        for row in daily_occupancy(world, loc, first, last, now_us)["dailyOccupancy"]
    )
    assert (
        query(
            backfill["warehouse"],
            "select location_id, normalized_date, avg_occupancy, peak_occupancy, "
            "peak_percentage_occupied from occuspace.daily_occupancy order by all",
        )
        == expected
    )
    assert backfill["twice"] == backfill["once"]
    assert all(backfill["once"][table] for table in TABLES)


def test_a_day_that_skips_an_hour_has_23_hourly_rows(env, sim):
    for day, location in ((date(2026, 3, 8), 1572), (date(2026, 3, 29), 1575)):
        load(sim, env.warehouse, day, day)
        counts = query(
            env.warehouse,
            "select location_id, count(*) from occuspace.hourly_occupancy "
            "where normalized_date = ? group by all",
            [day],
        )
        assert dict(counts)[location] == 23
