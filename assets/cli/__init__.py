"""`occupancy-elt`: the demo, the vendor simulator, backfills through Dagster, read-only SQL."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from assets.cli.backfill import MAX_BACKFILL_DAYS, UsageError, check_days, check_sources, shown
from assets.cli.demo import DEMO_DAYS
from assets.partitions import HISTORY_START
from assets.resources import SettingsError, Warehouse, resources_from_env
from pipelines.vendors import SOURCE_NAMES

# The simulator's present: inside the partitions' history, and in this century.
SIMULATED_NOW_RANGE = (
    datetime.fromisoformat(HISTORY_START).replace(tzinfo=UTC),
    datetime(2100, 1, 1, tzinfo=UTC),
)

# The simulator's inputs: a limit this high lifts the vendor's pacing for local measurements.
MAX_RATE_LIMIT = 10_000_000
MAX_SPACES = 5_000
MAX_BENCH_DAYS = 3 * 366  # three years, to compare memory with one

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class _Parser(argparse.ArgumentParser):
    """argparse whose complaints are UsageErrors: one line and exit 2, like every refusal."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _within(value: int, flag: str, low: int, high: int) -> int:
    """`value` of a numeric flag, refused outside [low, high]."""
    if not low <= value <= high:
        raise UsageError(f"{flag} must be between {low} and {high}, got {value}")
    return value


def _one_line(text: str) -> str:
    """`text` with every unprintable character (newlines, bidi overrides) escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _resources() -> dict:
    """The resources the environment describes (the CLI is the edge that reads it)."""
    try:
        return resources_from_env(os.environ)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


def _cmd_backfill(args: argparse.Namespace) -> int:
    from assets.cli.backfill import run_backfill, with_reload

    resources = _resources()
    first, last = check_days(args.start, args.end)
    sources = check_sources(args.source, resources)
    if args.reload:
        resources = with_reload(resources)
    for source in sorted(set(SOURCE_NAMES) - set(sources)):
        if missing := resources[source].missing():
            logging.getLogger(__name__).info("%s: skipped, %s not set", source, missing)
    print(f"loading {first}..{last} for {', '.join(sources)}")
    return run_backfill(first, last, sources, resources, args.log_level)


def _simulated_now(text: str) -> datetime:
    """--now as a UTC instant within SIMULATED_NOW_RANGE."""
    try:
        now = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except (ValueError, OverflowError):
        raise UsageError(f"--now {shown(text)} is not an ISO-8601 instant") from None
    low, high = SIMULATED_NOW_RANGE
    if not low <= now < high:
        raise UsageError(f"--now {now.isoformat()} is outside {low.date()}..{high.date()}")
    return now


def _cmd_simulator(args: argparse.Namespace) -> int:
    _within(args.port, "--port", 1, 65535)
    _within(args.seed, "--seed", 0, 2**32 - 1)
    _within(args.rate_limit, "--rate-limit", 1, MAX_RATE_LIMIT)
    if args.spaces is not None:
        _within(args.spaces, "--spaces", 1, MAX_SPACES)
    from simulator.config import SimulatorConfig
    from simulator.dialect import parse_dialect
    from simulator.server import serve

    config = SimulatorConfig(
        seed=args.seed,
        spaces=args.spaces,
        density_v2_rate_limit=args.rate_limit,
        omnos_rate_limit=args.rate_limit,
    )
    try:
        config.dialect = parse_dialect(args.dialect)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.now:
        config.now = _simulated_now(args.now)
    try:
        serve(config, host="127.0.0.1", port=args.port)
    except OSError as exc:
        raise UsageError(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror}") from None
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from assets.cli.demo import run_demo

    _within(args.days, "--days", 1, MAX_BACKFILL_DAYS)
    warehouse: Warehouse = _resources()["warehouse"]
    return run_demo(args.days, warehouse, args.log_level)


def _cmd_sql(args: argparse.Namespace) -> int:
    _within(args.max_rows, "--max-rows", 1, 1_000_000)
    from assets.cli.sql import run_sql

    return run_sql(args.query, _resources()["warehouse"], args.lake, args.max_rows)


def _cmd_report(args: argparse.Namespace) -> int:
    from assets.cli.report import run_report

    source = Path(args.warehouse) if args.warehouse else _resources()["warehouse"].warehouse_path
    return run_report(source.resolve(), Path(args.output).resolve() if args.output else None)


def _cmd_bench(args: argparse.Namespace) -> int:
    from assets.cli.bench import BENCH_SOURCES, DOCUMENTED_PER_MINUTE, BenchOptions, run_bench

    if args.source not in BENCH_SOURCES:
        raise UsageError(f"--source must be one of {', '.join(BENCH_SOURCES)}")
    _within(args.days, "--days", 1, MAX_BENCH_DAYS)
    if args.spaces is not None:
        _within(args.spaces, "--spaces", 1, MAX_SPACES)
    rate = DOCUMENTED_PER_MINUTE[args.source] if args.rate_limit is None else args.rate_limit
    _within(rate, "--rate-limit", 1, MAX_RATE_LIMIT)
    options = BenchOptions(
        args.source, args.days, args.spaces, rate, args.seed, not args.no_dbt, not args.no_peers
    )
    return run_bench(options)


def _cmd_dev(args: argparse.Namespace) -> int:
    _within(args.port, "--port", 1, 65_535)
    from assets.cli.dev import run_dev
    from warehouse.paths import PROJECT_ROOT

    home = Path(args.dagster_home) if args.dagster_home else PROJECT_ROOT / ".dagster"
    return run_dev(_resources()["warehouse"], args.port, home)


def build_parser() -> argparse.ArgumentParser:
    """The command line: demo, simulator, dev, backfill, sql."""
    parser = _Parser(prog="occupancy-elt", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="load the simulator's last weeks and build the marts")
    demo.add_argument("--days", type=int, default=DEMO_DAYS, help="days to load (default 21)")
    demo.add_argument(
        "--log-level",
        default="CRITICAL",
        type=str.upper,
        choices=LOG_LEVELS,
        help="Dagster's console log level (e.g. INFO)",
    )
    demo.set_defaults(func=_cmd_demo)

    sim = commands.add_parser("simulator", help="serve the fake vendor APIs on loopback")
    sim.add_argument("--port", type=int, default=8765)
    sim.add_argument("--seed", type=int, default=7)
    sim.add_argument("--now", help="the simulated present, ISO-8601 UTC (default: a fixed instant)")
    sim.add_argument("--rate-limit", type=int, default=60, help="v2 requests per minute per token")
    sim.add_argument(
        "--spaces",
        type=int,
        help="serve a generated Density v2 and Omnos portfolio of this many spaces",
    )
    sim.add_argument(
        "--dialect",
        default="",
        help="readings of the docs' open points, e.g. sessions_time=naive_local,v2_next=relative"
        " (see docs/simulator.md)",
    )
    sim.set_defaults(func=_cmd_simulator)

    dev = commands.add_parser(
        "dev", help="the Dagster UI (dagster dev) with every vendor pointed at the simulator"
    )
    dev.add_argument("--port", type=int, default=3000, help="the UI's port on 127.0.0.1")
    dev.add_argument("--dagster-home", help="the Dagster instance's folder (default .dagster)")
    dev.set_defaults(func=_cmd_dev)

    backfill = commands.add_parser("backfill", help="load days through Dagster, then build dbt")
    backfill.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", required=True, help="last day, inclusive, YYYY-MM-DD")
    backfill.add_argument(
        "--source", action="append", help=f"repeatable; one of {', '.join(SOURCE_NAMES)}"
    )
    backfill.add_argument(
        "--reload",
        action="store_true",
        help="fetch every day of the range again, not only those not held or not settled",
    )
    backfill.add_argument(
        "--log-level",
        default="CRITICAL",
        type=str.upper,
        choices=LOG_LEVELS,
        help="Dagster's console log level (e.g. INFO)",
    )
    backfill.set_defaults(func=_cmd_backfill)
    bench = commands.add_parser(
        "bench", help="measure one load on the simulator against its rate-limit bound and peers"
    )
    bench.add_argument(
        "--source", default="density_v2", help="density_v2, omnos, density_v3, occuspace"
    )
    bench.add_argument("--days", type=int, default=30, help="local days up to the simulated now")
    bench.add_argument("--spaces", type=int, help="a generated Density v2/Omnos portfolio")
    bench.add_argument(
        "--rate-limit", type=int, help="requests per minute (default: the documented limit)"
    )
    bench.add_argument("--seed", type=int, default=7)
    bench.add_argument("--no-dbt", action="store_true", help="skip the dbt build and the lake")
    bench.add_argument("--no-peers", action="store_true", help="skip rest_api and the naive loop")
    bench.set_defaults(func=_cmd_bench)
    sql = commands.add_parser("sql", help="run a read-only SQL query on the warehouse")
    sql.add_argument("query", help='e.g. "select * from marts.occupancy_daily limit 10"')
    sql.add_argument("--max-rows", type=int, default=40)
    sql.add_argument(
        "--lake", action="store_true", help="query the Parquet lake, not the DuckDB file"
    )
    sql.set_defaults(func=_cmd_sql)

    report = commands.add_parser("report", help="write the marts' charts as one HTML file")
    report.add_argument(
        "--output", help="the HTML file (default: report.html beside the warehouse)"
    )
    report.add_argument("--warehouse", help="the DuckDB file (default: OCCUPANCY_WAREHOUSE's)")
    report.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        print(f"occupancy-elt: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
