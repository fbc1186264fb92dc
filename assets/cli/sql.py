"""`occupancy-elt sql`: a user's query on the warehouse or on the lake, unable to write anything."""

from __future__ import annotations

import duckdb

from assets.cli.backfill import UsageError
from assets.resources import Warehouse
from warehouse.destination import WriteRefused, check_query, connect_query_only
from warehouse.lake import connect_lake


def run_sql(query: str, warehouse: Warehouse, lake: bool, max_rows: int) -> int:
    """Print the query's answer; a refused or failing statement is one line (UsageError)."""
    try:
        con = (
            connect_lake(warehouse.lake_path)
            if lake
            else connect_query_only(warehouse.warehouse_path)
        )
        with con:
            check_query(con, query)
            if (answer := con.sql(query)) is not None:
                answer.show(max_rows=max_rows, max_width=200)
    except (duckdb.Error, FileNotFoundError, WriteRefused) as exc:
        raise UsageError(str(exc).strip().splitlines()[0]) from None
    return 0
