"""`occupancy-elt`: the demo, the vendor simulator, backfills through Dagster, read-only SQL."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from assets.cli.backfill import UsageError, check_days, check_sources
from assets.cli.demo import DEMO_DAYS
from assets.resources import SettingsError, Warehouse, resources_from_env
from pipelines.vendors import SOURCE_NAMES


def _resources() -> dict:
    """The resources the environment describes (the CLI is the edge that reads it)."""
    try:
        return resources_from_env(os.environ)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


def _cmd_backfill(args: argparse.Namespace) -> int:
    from assets.cli.backfill import run_backfill

    resources = _resources()
    first, last = check_days(args.start, args.end)
    sources = check_sources(args.source, resources)
    for source in sorted(set(SOURCE_NAMES) - set(sources)):
        if missing := resources[source].missing():
            logging.getLogger(__name__).info("%s: skipped, %s not set", source, missing)
    print(f"loading {first}..{last} for {', '.join(sources)}")
    return run_backfill(first, last, sources, resources, args.log_level)


def _cmd_simulator(args: argparse.Namespace) -> int:
    from simulator.config import SimulatorConfig
    from simulator.dialect import parse_dialect
    from simulator.server import serve

    config = SimulatorConfig(
        seed=args.seed, density_v2_rate_limit=args.rate_limit, omnos_rate_limit=args.rate_limit
    )
    try:
        config.dialect = parse_dialect(args.dialect)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.now:
        try:
            config.now = datetime.fromisoformat(args.now.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            raise UsageError(f"--now {args.now!r} is not an ISO-8601 instant") from None
    serve(config, host="127.0.0.1", port=args.port)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from assets.cli.demo import run_demo

    warehouse: Warehouse = _resources()["warehouse"]
    return run_demo(args.days, warehouse, args.log_level)


def _cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.destination import connect_read_only
    from warehouse.lake import connect_lake

    warehouse: Warehouse = _resources()["warehouse"]
    try:
        with (
            connect_lake(warehouse.lake_path)
            if args.lake
            else connect_read_only(warehouse.warehouse_path)
        ) as con:
            con.sql(args.query).show(max_rows=args.max_rows, max_width=200)
    except (duckdb.Error, FileNotFoundError) as exc:
        raise UsageError(str(exc).strip().splitlines()[0]) from None
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line: demo, simulator, backfill."""
    parser = argparse.ArgumentParser(prog="occupancy-elt", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="load the simulator's last weeks and build the marts")
    demo.add_argument("--days", type=int, default=DEMO_DAYS, help="days to load (default 21)")
    demo.add_argument(
        "--log-level", default="CRITICAL", help="Dagster's console log level (e.g. INFO)"
    )
    demo.set_defaults(func=_cmd_demo)

    sim = commands.add_parser("simulator", help="serve the fake vendor APIs on loopback")
    sim.add_argument("--port", type=int, default=8765)
    sim.add_argument("--seed", type=int, default=7)
    sim.add_argument("--now", help="the simulated present, ISO-8601 UTC (default: a fixed instant)")
    sim.add_argument("--rate-limit", type=int, default=60, help="v2 requests per minute per token")
    sim.add_argument(
        "--dialect",
        default="",
        help="readings of the docs' open points, e.g. sessions_time=naive_local,v2_next=relative"
        " (see docs/simulator.md)",
    )
    sim.set_defaults(func=_cmd_simulator)

    backfill = commands.add_parser("backfill", help="load days through Dagster, then build dbt")
    backfill.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", required=True, help="last day, inclusive, YYYY-MM-DD")
    backfill.add_argument(
        "--source", action="append", help=f"repeatable; one of {', '.join(SOURCE_NAMES)}"
    )
    backfill.add_argument(
        "--log-level", default="CRITICAL", help="Dagster's console log level (e.g. INFO)"
    )
    backfill.set_defaults(func=_cmd_backfill)
    sql = commands.add_parser("sql", help="run a read-only SQL query on the warehouse")
    sql.add_argument("query", help='e.g. "select * from marts.occupancy_daily limit 10"')
    sql.add_argument("--max-rows", type=int, default=40)
    sql.add_argument(
        "--lake", action="store_true", help="query the Parquet lake, not the DuckDB file"
    )
    sql.set_defaults(func=_cmd_sql)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"occupancy-elt: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
