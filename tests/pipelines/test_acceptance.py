"""Airbyte's connector-acceptance assertions, mapped onto this project (docs/operations.md,
"Crash safety"): the "state" of an incremental read is the request window, the local days a run
asks for; a read is one run of a vendor's dlt source into its raw schema, as the asset runs it."""

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.vendors import VENDORS, Vendor
from tests.fixtures.crash import duplicate_keys, raw_keys, warehouse_checksums
from tests.fixtures.env import Env, last_days
from warehouse.destination import LOADER_FILE_FORMAT, raw_pipeline

pytestmark = pytest.mark.slow

DAYS = 3
# Stamps of the request a record came in: its window, and Occuspace's response-wide message
# (which names a gap on any day of the window). They differ by design between reads of different
# windows (a dimension re-read carries the new one), and are left out where those are compared.
REQUEST_STAMPS = ("window_start", "window_end", "vendor_message")
# One row per request made, by design: three reads of a day ask more often than one of three.
REQUEST_LOGS = {"occuspace": {"request_outcomes"}}

# Tables that record the vendor's answer to every ask, by design a row per asked window or day:
# a read of the future adds rows there about the days it asked for, and nowhere else.
ANSWER_LOGS = {"density_v3": {"data_status"}, **REQUEST_LOGS}


def _about(row: tuple, first: date) -> bool:
    """Whether every day a row names (its window or its day) is `first` or later."""
    days = [v for v in row if isinstance(v, date) and not isinstance(v, datetime)]
    return bool(days) and min(days) >= first


def _read(env: Env, sim, vendor: Vendor, first: date, last: date) -> None:
    """One read: the vendor's source for [first, last] into its raw schema, as the asset does."""
    connection = env.resources(sim)[vendor.name]
    with connection.client() as client:
        source = vendor.source(client=client, start_date=first, end_date=last)
        raw_pipeline(vendor.name, env.warehouse).run(source, loader_file_format=LOADER_FILE_FORMAT)
        assert client.unreadable == []


def _copy(env: Env, to: Path) -> Env:
    """A copy of `env`'s warehouse and dlt state, to read into without touching the original."""
    shutil.copytree(env.data_dir, to / "data")
    return Env(to / "data")


def _rows(env: Env, vendor: Vendor, *, without: tuple[str, ...] = ()) -> dict:
    """Every raw table of the vendor as sorted rows, dlt's columns and `without` left out."""
    import duckdb

    with duckdb.connect(str(env.warehouse), read_only=True) as con:
        tables = con.execute(
            "select table_name from duckdb_tables() where schema_name = ?"
            " and table_name not like '\\_dlt%' escape '\\' order by 1",
            [vendor.name],
        ).fetchall()
        leave_out = ", ".join(
            f'"{c}"'
            for (c,) in con.execute(
                "select distinct column_name from duckdb_columns() where schema_name = ?"
                " and (column_name like '\\_dlt%' escape '\\' or column_name in (select unnest(?)))",
                [vendor.name, list(without)],
            ).fetchall()
        )
        return {
            table: con.execute(
                f"select columns(* exclude ({leave_out})) from {vendor.name}.{table} order by all"
                if leave_out
                else f"select * from {vendor.name}.{table} order by all"
            ).fetchall()
            for (table,) in tables
        }


@pytest.fixture(scope="module", params=VENDORS, ids=lambda vendor: vendor.name)
def once(request, fast_sim, tmp_path_factory):
    """(vendor, days, env): one read of the vendor's last three complete days."""
    vendor = request.param
    env = Env(tmp_path_factory.mktemp(vendor.name) / "data")
    days = last_days(fast_sim, DAYS)
    _read(env, fast_sim, vendor, *days)
    return vendor, days, env


def test_two_sequential_reads_give_no_duplicates(once, fast_sim, tmp_path):
    vendor, days, env = once
    twice = _copy(env, tmp_path)
    _read(twice, fast_sim, vendor, *days)
    assert warehouse_checksums(twice.warehouse, vendor.name) == warehouse_checksums(
        env.warehouse, vendor.name
    )
    assert duplicate_keys(twice.warehouse, raw_keys(twice.warehouse, vendor.name)) == {}


def test_a_read_from_a_state_in_the_future_yields_nothing_new(once, fast_sim, tmp_path):
    vendor, _, env = once
    later = _copy(env, tmp_path)
    # the day after tomorrow: even the look-back of its first request (events since the last
    # daily reset) lies after the simulator's present
    future = fast_sim.world.now.date() + timedelta(days=2)
    _read(later, fast_sim, vendor, future, future + timedelta(days=1))
    before = _rows(env, vendor, without=REQUEST_STAMPS)
    after = _rows(later, vendor, without=REQUEST_STAMPS)
    answers = ANSWER_LOGS.get(vendor.name, set())
    # a dimension is read again (stamped with the new window): no record is added or changed
    assert {t: r for t, r in after.items() if t not in answers} == {
        t: r for t, r in before.items() if t not in answers
    }
    for table in answers:  # the answers kept, and one more about each day asked
        assert set(before[table]) <= set(after[table])
        assert all(_about(row, future) for row in set(after[table]) - set(before[table]))


def test_a_full_refresh_equals_the_incremental_result(once, fast_sim, tmp_path):
    vendor, (first, last), env = once
    daily = Env(tmp_path / "data")
    day = first
    while day <= last:
        _read(daily, fast_sim, vendor, day, day)
        day += timedelta(days=1)
    logs = REQUEST_LOGS.get(vendor.name, set())
    incremental = _rows(daily, vendor, without=REQUEST_STAMPS)
    full = _rows(env, vendor, without=REQUEST_STAMPS)
    assert {t: r for t, r in incremental.items() if t not in logs} == {
        t: r for t, r in full.items() if t not in logs
    }
    assert duplicate_keys(daily.warehouse, raw_keys(daily.warehouse, vendor.name)) == {}
