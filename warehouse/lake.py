"""The Parquet lake: every raw and mart table of the warehouse as Parquet, readable without DuckDB's
file; marts are partitioned by month of local_date (hive layout `local_month=YYYY-MM`). A run
rewrites only the partitions (or unpartitioned tables) whose content changed, found by a content
fingerprint in each file's footer; the rest are hard links to the files already in the lake."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from pyarrow.dataset import dataset
from pyarrow.parquet import read_metadata

from warehouse.destination import QUERY_ONLY, connect_read_only
from warehouse.lake_versions import discard, new_version, publish

MARTS_SCHEMA = "marts"
PARTITION_COLUMN = "local_month"
WHOLE_TABLE = "data.parquet"
# DuckDB's (and Hive's) folder for rows whose partition value is null.
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
# The Parquet footer key holding a part's [rows, content hash], compared on the next export.
FINGERPRINT_KEY = b"occupancy_fingerprint"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_MONTH = re.compile(rf"^([0-9]{{4}}-[0-9]{{2}}|{NULL_PARTITION})$")


@dataclass
class LakeExport:
    """What an export did: rows per `schema.table`, and the parts it rewrote (the others kept)."""

    rows: dict[str, int] = field(default_factory=dict)
    rewritten: list[str] = field(default_factory=list)


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


def _month(relation: str) -> str:
    return f"coalesce(strftime({relation}.local_date, '%Y-%m'), '{NULL_PARTITION}')"


def _fingerprints(
    con: duckdb.DuckDBPyConnection, relation: str, partitioned: bool
) -> dict[str, tuple[int, str]]:
    """{part: (rows, content hash)}: a part is a month folder of a partitioned table with rows,
    else the one file of the table. The hash is order-free, so only a changed row changes it."""
    if partitioned:
        query = (
            f"select '{PARTITION_COLUMN}=' || {_month('t')}, count(*), bit_xor(hash(t))"
            f" from {relation} t group by all"
        )
        found = {
            part: (count, str(digest)) for part, count, digest in con.execute(query).fetchall()
        }
        if found:
            return found
    (count, digest) = con.execute(f"select count(*), bit_xor(hash(t)) from {relation} t").fetchone()
    return {WHOLE_TABLE: (count, str(digest))}


def _stored(current: Path) -> dict[str, list]:
    """{part: fingerprint} of the parts the lake holds, read from their Parquet footers; a part
    written before fingerprints reads as unknown (so it is rewritten)."""
    known: dict[str, list] = {}
    for part in current.iterdir() if current.is_dir() else ():
        files = sorted(part.glob("*.parquet")) if part.is_dir() else [part]
        if files and files[0].suffix == ".parquet":
            stored = (read_metadata(files[0]).metadata or {}).get(FINGERPRINT_KEY)
            known[part.name] = json.loads(stored) if stored else None
    return known


def _write(
    con: duckdb.DuckDBPyConnection, relation: str, part: str, fingerprint: list, target: Path
) -> None:
    """Write one part of `relation` into `target`, its fingerprint in the file's footer."""
    options = (
        f"format parquet, kv_metadata {{{FINGERPRINT_KEY.decode()}: '{json.dumps(fingerprint)}'}}"
    )
    if part == WHOLE_TABLE:
        con.execute(f"copy {relation} to {_literal(target / WHOLE_TABLE)} ({options})")
        return
    month = part.split("=", 1)[1]
    if not _MONTH.match(month):
        raise ValueError(f"refusing to export {relation}: unexpected partition {part!r}")
    (target / part).mkdir()
    # hive layout: the partition value is the folder's name, not a column of the file
    con.execute(
        f"copy (select * from {relation} t where {_month('t')} = '{month}')"
        f" to {_literal(target / part / 'data_0.parquet')} ({options})"
    )


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _export_table(
    con: duckdb.DuckDBPyConnection, relation: str, partitioned: bool, current: Path, target: Path
) -> tuple[int, list[str]]:
    """Build `target` from `current` (hard links) with the changed parts rewritten: (rows,
    rewritten parts)."""
    found = {part: list(value) for part, value in _fingerprints(con, relation, partitioned).items()}
    known = _stored(current)
    if current.is_dir():
        shutil.copytree(current, target, copy_function=os.link)
    else:
        target.mkdir(parents=True)
    changed = sorted(part for part, value in found.items() if known.get(part) != value)
    for child in target.iterdir():
        if child.name not in found or child.name in changed:
            _remove(child)
    for part in changed:
        _write(con, relation, part, found[part], target)
    return sum(count for count, _ in found.values()), changed


def export_lake(warehouse_path: Path, lake: Path, raw_schemas: tuple[str, ...]) -> LakeExport:
    """Bring the lake up to the warehouse in a new version (changed parts rewritten, the rest hard
    links), published in one atomic step (warehouse/lake_versions.py): a reader never sees half an
    export."""
    staging = new_version(lake)
    result = LakeExport()
    try:
        with connect_read_only(warehouse_path) as con:
            for schema, table, partitioned in _tables(con, raw_schemas):
                relation = f"{_identifier(schema)}.{_identifier(table)}"
                target = staging / schema / table
                target.parent.mkdir(parents=True, exist_ok=True)
                rows, changed = _export_table(
                    con, relation, partitioned, lake / schema / table, target
                )
                result.rows[relation] = rows
                result.rewritten += [f"{relation}/{part}" for part in changed]
    except BaseException:
        discard(staging)
        raise
    publish(staging, lake)
    return result


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
