"""Test helpers: load a v2-shaped source straight through dlt, and read tables back for comparison."""

from datetime import date

import duckdb

from pipelines.client import RateLimiter, VendorClient
from pipelines.density_v2 import density_v2_source, omnos_source
from warehouse.destination import LOADER_FILE_FORMAT, raw_pipeline
from warehouse.settings import load_settings

V2_SOURCES = {
    "density_v2": ("density", density_v2_source, "tok_density_demo"),
    "omnos": ("omnos", omnos_source, "tok_omnos_demo"),
}
V2_TABLES = ("spaces", "doorways", "sensors", "tags", "time_segments", "counts", "events")


def load_v2(sim, source: str, first: date, last: date, rpm: int = 1_000_000, **source_kw) -> None:
    """Run the dlt source for [first, last] against the simulator into the env's warehouse."""
    _, make_source, token = V2_SOURCES[source]
    client = VendorClient(
        vendor=source,
        base_url=sim.api_url(source),
        token=token,
        token_env_var="TEST_TOKEN",
        limiter=RateLimiter(rpm, 60.0),
    )
    with client:
        raw_pipeline(source, load_settings()).run(
            make_source(client=client, start_date=first, end_date=last, **source_kw),
            loader_file_format=LOADER_FILE_FORMAT,
        )


def snapshot(schema: str, tables=V2_TABLES) -> dict[str, list[tuple]]:
    """Every row of every table, without dlt's per-load bookkeeping columns, in a stable order."""
    with duckdb.connect(str(load_settings().warehouse_path), read_only=True) as con:
        return {
            table: con.sql(
                f"select * exclude (_dlt_load_id, _dlt_id) from {schema}.{table} order by all"
            ).fetchall()
            for table in tables
        }


def query(sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query on the env's warehouse."""
    with duckdb.connect(str(load_settings().warehouse_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()
