"""Asset checks (WARN) that show which loaded days may still change: Density v3 floor days its
data status calls not final, and for the other vendors the restatement window before their present."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    asset_check,
)

from assets.resources import Warehouse

CHECK_NAME = "days_final"
# The table whose loaded days stand for each vendor's, and the column of its request window.
RESTATED = {
    "density_v2": "counts",
    "omnos": "counts",
    "occuspace": "hourly_occupancy",
}


def restatement_days(present: datetime, reload_days: int) -> tuple[date, date]:
    """The days the vendor may still restate: the last complete day and `reload_days` before it."""
    last = present.date() - timedelta(days=1)
    return last - timedelta(days=reload_days), last


def day_ranges(days: list[date]) -> str:
    """Sorted days as contiguous ranges: '2026-11-17..2026-11-19, 2026-11-21'."""
    ranges: list[list[date]] = []
    for day in sorted(days):
        if ranges and day - ranges[-1][1] == timedelta(days=1):
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return ", ".join(f"{a}" if a == b else f"{a}..{b}" for a, b in ranges)


def _result(days: list[date], why: str) -> AssetCheckResult:
    metadata = {"not_final_days": day_ranges(days) or "none"}
    if not days:
        return AssetCheckResult(passed=True, metadata=metadata)
    return AssetCheckResult(
        passed=False,
        severity=AssetCheckSeverity.WARN,
        description=f"{len(days)} loaded day(s) may still change ({why}): {day_ranges(days)}",
        metadata=metadata,
    )


def _loaded(con, table: str, first: date, last: date) -> list[date]:
    """The days of [first, last] that some request window of `table` holds: a local day's window
    holds that day's noon UTC in every zone within 12 hours of UTC."""
    con.execute("set TimeZone = 'UTC'")  # the days' noons, and Occuspace's date windows, in UTC
    rows = con.execute(
        f"select d::date from range(?::date, ?::date + 1, interval 1 day) t(d)"
        f" where exists (select 1 from {table} where window_start <= d + interval 12 hour"
        f" and window_end > d + interval 12 hour) order by 1",
        [first, last],
    ).fetchall()
    return [row[0] for row in rows]


def restatement_check(source: str, table: str) -> AssetChecksDefinition:
    """WARN while `source` holds loaded days inside its restatement window."""

    @asset_check(
        asset=AssetKey([source, table]),
        name=CHECK_NAME,
        required_resource_keys={"warehouse", source},
        description="Which loaded days the vendor may still restate (the last "
        "OCCUPANCY_RELOAD_DAYS days before its present, reloaded by the daily schedule): a "
        "warning lists them, so a partition that may still change does not pass for final.",
    )
    def _check(context: AssetCheckExecutionContext) -> AssetCheckResult:
        warehouse: Warehouse = context.resources.warehouse
        present = getattr(context.resources, source).now()
        first, last = restatement_days(present, warehouse.reload_days)
        with warehouse.connect_read_only() as con:
            exists = con.execute(
                "select count(*) from information_schema.tables"
                " where table_schema = ? and table_name = ?",
                [source, table],
            ).fetchone()[0]
            days = _loaded(con, f"{source}.{table}", first, last) if exists else []
        return _result(days, f"within the restatement window {first}..{last}")

    return _check


@asset_check(
    asset=AssetKey(["marts", "floor_data_status"]),
    name=CHECK_NAME,
    description="Which Density v3 local days some floor's data status still calls not final: "
    "a warning lists them (the daily schedule reloads them for 30 days), so those days of the "
    "marts do not pass for final.",
)
def floor_days_final(warehouse: Warehouse) -> AssetCheckResult:
    with warehouse.connect_read_only() as con:
        rows = con.execute(
            "select distinct local_date from marts.floor_data_status where not is_final"
        ).fetchall()
    return _result([row[0] for row in rows], "Density v3 floor data not final")


def final_checks() -> Iterator[AssetChecksDefinition]:
    """Every not-final-days check."""
    yield floor_days_final
    for source, table in RESTATED.items():
        yield restatement_check(source, table)


FINAL_CHECKS = list(final_checks())
