"""The Parquet lake: every raw and mart table of the warehouse as Parquet, readable without DuckDB's
file; marts are partitioned by month of local_date (hive layout `local_month=YYYY-MM`)."""

import re
from pathlib import Path

import duckdb
from pyarrow.dataset import dataset

from warehouse.destination import QUERY_ONLY, connect_read_only
from warehouse.lake_versions import discard, new_version, publish

MARTS_SCHEMA = "marts"
PARTITION_COLUMN = "local_month"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def _identifier(name: str) -> str:
    """A schema or table name, checked before it is spliced into SQL (COPY takes no parameters)."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"refusing to export table {name!r}: not a plain lower-case identifier")
    return name


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _tables(
    con: duckdb.DuckDBPyConnection, raw_schemas: tuple[str, ...]
) -> list[tuple[str, str, bool]]:
    """(schema, table, partitioned) of every table to export; dlt's bookkeeping tables stay out."""
    rows = con.execute(
        "select t.schema_name, t.table_name,"
        " bool_or(c.column_name = 'local_date') as has_local_date"
        " from duckdb_tables() t join duckdb_columns() c"
        " on c.schema_name = t.schema_name and c.table_name = t.table_name"
        " where t.schema_name in (select unnest(?)) and t.table_name not like '\\_dlt%' escape '\\'"
        " group by all order by all",
        [[*raw_schemas, MARTS_SCHEMA]],
    ).fetchall()
    return [(schema, table, schema == MARTS_SCHEMA and dated) for schema, table, dated in rows]


def export_lake(warehouse_path: Path, lake: Path, raw_schemas: tuple[str, ...]) -> dict[str, int]:
    """Rewrite the lake from the warehouse into a new version, published in one atomic step (see
    warehouse/lake_versions.py), so a reader never sees half an export. Returns rows per
    `schema.table`."""
    staging = new_version(lake)
    rows: dict[str, int] = {}
    try:
        with connect_read_only(warehouse_path) as con:
            for schema, table, partitioned in _tables(con, raw_schemas):
                relation = f"{_identifier(schema)}.{_identifier(table)}"
                target = staging / schema / table
                target.mkdir(parents=True)
                (count,) = con.execute(f"select count(*) from {relation}").fetchone()
                # an empty table has no partitions to write: one file keeps its columns readable
                if partitioned and count:
                    con.execute(
                        f"copy (select *, strftime(local_date, '%Y-%m') as {PARTITION_COLUMN}"
                        f" from {relation}) to {_literal(target)}"
                        f" (format parquet, partition_by ({PARTITION_COLUMN}))"
                    )
                else:
                    con.execute(
                        f"copy {relation} to {_literal(target / 'data.parquet')} (format parquet)"
                    )
                rows[relation] = count
    except BaseException:
        discard(staging)
        raise
    publish(staging, lake)
    return rows


def connect_lake(lake: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose `schema.table` views read the lake's Parquet files, so the same
    SQL runs on the lake as on the warehouse. Arrow datasets read the files (Python holds them
    open), so DuckDB itself is QUERY_ONLY: it can open, write or attach no file at all."""
    if not lake.is_dir():
        raise FileNotFoundError(f"no lake at {lake}: build the marts first")
    lake = lake.resolve()  # one version throughout, even if an export publishes the next one
    con = duckdb.connect(config=QUERY_ONLY)
    for table_dir in sorted(lake.glob("*/*")):
        schema, table = _identifier(table_dir.parent.name), _identifier(table_dir.name)
        partitioned = any(child.is_dir() for child in table_dir.iterdir())
        files = dataset(table_dir, format="parquet", partitioning="hive" if partitioned else None)
        name = f"_lake_{schema}_{table}"
        con.register(name, files)
        exclude = f" exclude ({PARTITION_COLUMN})" if partitioned else ""
        con.execute(f"create schema if not exists {schema}")
        con.execute(f"create view {schema}.{table} as select *{exclude} from {name}")
    return con
