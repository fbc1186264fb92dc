"""Asset checks on the raw tables: each key names one row, and each row lies in the request window
it was fetched for; a failure stops the dbt models (blocking) before they count it."""

from collections.abc import Iterator

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    multi_asset_check,
)

from assets.raw_windows import WINDOW_COLUMNS
from pipelines.vendors import VENDORS, Vendor

UNIQUE, INSIDE = "primary_key_unique", "rows_inside_request_window"


def primary_keys(vendor: Vendor) -> dict[str, list[str]]:
    """Each facts table of `vendor` with the primary key its dlt resource declares (merged on)."""
    keys = {}
    for name, resource in vendor.source().resources.items():
        columns = resource.compute_table_schema()["columns"]
        if key := [column for column, hint in columns.items() if hint.get("primary_key")]:
            keys[name] = key
    return keys


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def duplicate_keys(con: duckdb.DuckDBPyConnection, table: str, key: list[str]) -> list[tuple]:
    """The key values held by more than one row of `table` (schema.table), the first five."""
    columns = ", ".join(map(_quoted, key))
    return con.execute(
        f"select {columns} from {table} group by all having count(*) > 1 order by all limit 5"
    ).fetchall()


def rows_outside(con: duckdb.DuckDBPyConnection, table: str, column: str) -> tuple[int, str]:
    """How many rows of `table` place themselves (by `column`) outside their request window
    [window_start, window_end), and the first one's value and window, or ''."""
    outside = f"{_quoted(column)} < window_start or {_quoted(column)} >= window_end"
    count, first = con.execute(
        f"select count(*), min({_quoted(column)}::varchar || ' not in ' || window_start::varchar"
        f" || '..' || window_end::varchar) from {table} where {outside}"
    ).fetchone()
    return count, first or ""


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables"
            " where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def evaluate(
    con: duckdb.DuckDBPyConnection, keys: list[AssetCheckKey], pks: dict[str, list[str]]
) -> Iterator[AssetCheckResult]:
    """The result of each check in `keys` on the warehouse behind `con`."""
    for check in keys:
        schema, table = check.asset_key.path
        name = f"{schema}.{table}"
        if not _exists(con, schema, table):  # a vendor skipped or never loaded has no table
            yield AssetCheckResult(
                check_name=check.name,
                asset_key=check.asset_key,
                passed=True,
                metadata={"skipped": f"no table {name} yet"},
            )
            continue
        if check.name == UNIQUE:
            found = duplicate_keys(con, name, pks[table])
            problem = found and f"{name}: ({', '.join(pks[table])}) repeated, e.g. {found[0]}"
        else:
            count, first = rows_outside(con, name, WINDOW_COLUMNS[(schema, table)])
            problem = count and f"{name}: {count} row(s) outside their request window ({first})"
        yield AssetCheckResult(
            check_name=check.name,
            asset_key=check.asset_key,
            passed=not problem,
            severity=AssetCheckSeverity.ERROR,
            description=problem or None,
        )


def _specs(vendor: Vendor, pks: dict[str, list[str]]) -> list[AssetCheckSpec]:
    specs = [
        AssetCheckSpec(
            UNIQUE,
            asset=AssetKey([vendor.name, table]),
            blocking=True,
            description="No two rows share the primary key loads merge on: a duplicate "
            "would be counted twice by every model downstream.",
            metadata={"primary_key": ", ".join(key)},
        )
        for table, key in pks.items()
    ]
    specs += [
        AssetCheckSpec(
            INSIDE,
            asset=AssetKey([source, table]),
            blocking=True,
            description="Every row's own time lies in the request window stamped on it: a row "
            "outside was read at the wrong time or zone and would land on the wrong day.",
            metadata={"time_column": column},
        )
        for (source, table), column in WINDOW_COLUMNS.items()
        if source == vendor.name
    ]
    return specs


def raw_checks(vendor: Vendor) -> AssetChecksDefinition:
    """The key and window checks of every facts table of `vendor`, in one step after its load."""
    pks = primary_keys(vendor)

    @multi_asset_check(
        specs=_specs(vendor, pks),
        name=f"{vendor.name}_raw_checks",
        can_subset=True,
        required_resource_keys={"warehouse"},
    )
    def _check(context: AssetCheckExecutionContext) -> Iterator[AssetCheckResult]:
        with context.resources.warehouse.connect_read_only() as con:
            yield from evaluate(con, sorted(context.selected_asset_check_keys), pks)

    return _check


RAW_CHECKS = [raw_checks(vendor) for vendor in VENDORS]
