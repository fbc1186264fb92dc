"""`occupancy-elt report`: the marts' charts written as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import duckdb

from assets.cli.backfill import UsageError


def run_report(warehouse_path: Path, output: Path | None) -> int:
    """Write the report (default: report.html beside the warehouse) and print its path."""
    from report import default_output, write_report

    target = output or default_output(warehouse_path)
    try:
        write_report(warehouse_path, target)
    except (duckdb.Error, OSError) as exc:
        raise UsageError(str(exc).strip().splitlines()[0]) from None
    print(target)
    return 0
