"""Re-running a finished range fetches only the days that may still change; --reload all of them;
the marts come out the same either way."""

import re
from collections import Counter
from datetime import timedelta

import duckdb
import pytest

from assets.cli.backfill import with_reload
from pipelines.vendors import SOURCE_NAMES
from tests.fixtures.env import Env, last_days
from tests.fixtures.runs import load_and_build

pytestmark = pytest.mark.slow

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _marts(warehouse) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.sql(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()
        return {t: con.sql(f"select * from marts.{t} order by all").fetchall() for (t,) in tables}


def _fetched(run, source: str) -> list[str]:
    """The ranges the run's ingestion says it fetched for `source`."""
    messages = [e.user_message for e in run.events if e.user_message]
    pattern = re.compile(rf"{source}: .* fetching ([0-9-]+\.\.[0-9-]+)")
    return [m.group(1) for text in messages if (m := pattern.search(text))]


def _days_asked(requests, api: str) -> set[str]:
    """Every date (or the date of every instant) in the query strings of `api`'s requests."""
    values = (v for r in requests if r["api"] == api for v in r["query"].values())
    return {m.group(0) for v in values if (m := _DAY.match(str(v)))}


def test_a_rerun_fetches_only_unsettled_days_and_reload_fetches_all(fast_sim, tmp_path):
    env, sources = Env(tmp_path / "data"), list(SOURCE_NAMES)
    resources = env.resources(fast_sim)
    first, last = last_days(fast_sim, 12)
    fast_sim.clear_requests()
    assert load_and_build(resources, first, last, sources).success
    full = Counter(r["api"] for r in fast_sim.requests())
    before = _marts(env.warehouse)
    with duckdb.connect(str(env.warehouse), read_only=True) as con:
        (unfinished,) = con.sql(
            "select min(local_date) from marts.floor_data_status where not is_final"
        ).fetchone()

    settled = last - timedelta(days=resources["warehouse"].reload_days + 1)
    fast_sim.clear_requests()
    again = load_and_build(resources, first, last, sources)
    assert again.success, again.failure
    restated = f"{settled + timedelta(days=1)}..{last}"
    for source in ("density_v2", "omnos", "occuspace"):
        assert _fetched(again, source) == [restated], source
    v3_from = min(unfinished or last, settled + timedelta(days=1))
    assert _fetched(again, "density_v3") == [f"{v3_from}..{last}"]
    for api in ("density_v2", "omnos", "occuspace"):
        asked = _days_asked(fast_sim.requests(), api)
        # v2 asks for instants (a local midnight may fall on the UTC day before) and opens its
        # events window at the reset before the range: the day before the first day fetched
        assert asked and min(asked) >= (settled - timedelta(days=1)).isoformat(), api
    assert _marts(env.warehouse) == before

    fast_sim.clear_requests()
    assert load_and_build(with_reload(resources), first, last, sources).success
    assert Counter(r["api"] for r in fast_sim.requests()) == full
    assert _marts(env.warehouse) == before
