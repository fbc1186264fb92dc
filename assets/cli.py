"""`occupancy-elt`: the demo, the vendor simulator, backfills through Dagster, read-only SQL."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from assets.partitions import HISTORY_START
from assets.sources import (
    SOURCE_NAMES,
    UnknownSource,
    configured_sources,
    describe_missing,
    missing_env,
)
from pipelines.planner import PlanError, check_day_range

# The demo raises the simulator's v2 limit and the client's pacing together (Density v3 keeps
# its documented 15/s); Occuspace documents no limit.
DEMO_REQUESTS_PER_MINUTE = 600
DEMO_OCCUSPACE_REQUESTS_PER_MINUTE = 1200
DEMO_DAYS = 21


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


def _parse_day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} {text!r} is not a date in the form YYYY-MM-DD") from None


def _check_sources(requested: Sequence[str] | None) -> list[str]:
    if requested:
        for source in requested:
            if source not in SOURCE_NAMES:
                raise UsageError(
                    f"unknown source {source!r}; choose from {', '.join(SOURCE_NAMES)}"
                )
            if missing_env(source):
                raise UsageError(f"{source} needs {describe_missing(source)} in the environment")
        return list(dict.fromkeys(requested))
    sources = configured_sources()
    if not sources:
        needs = "; ".join(f"{s}: {describe_missing(s)}" for s in SOURCE_NAMES)
        raise UsageError(f"no source has credentials in the environment ({needs})")
    for source in sorted(set(SOURCE_NAMES) - set(sources)):
        logging.getLogger(__name__).info(
            "%s: skipped, %s not set", source, describe_missing(source)
        )
    return sources


def validate_backfill(
    start: str, end: str, sources: Sequence[str] | None
) -> tuple[date, date, list[str]]:
    """Check every argument before anything runs, so bad input never half-writes the warehouse."""
    first, last = _parse_day(start, "--start"), _parse_day(end, "--end")
    try:
        check_day_range(first, last)
    except PlanError as exc:
        raise UsageError(str(exc)) from None
    if first < date.fromisoformat(HISTORY_START):
        raise UsageError(f"--start {first} is before the first partition {HISTORY_START}")
    last_complete = datetime.now(UTC).date() - timedelta(days=1)
    if last > last_complete:
        raise UsageError(
            f"--end {last} is not a complete day yet (the last one is {last_complete})"
        )
    return first, last, _check_sources(sources)


def _cmd_backfill(args: argparse.Namespace) -> int:
    from assets.runner import run_backfill

    first, last, sources = validate_backfill(args.start, args.end, args.source)
    print(f"loading {first}..{last} for {', '.join(sources)}")
    return run_backfill(first, last, sources, args.log_level)


def _cmd_simulator(args: argparse.Namespace) -> int:
    from simulator.config import SimulatorConfig
    from simulator.server import serve

    config = SimulatorConfig(
        seed=args.seed, density_v2_rate_limit=args.rate_limit, omnos_rate_limit=args.rate_limit
    )
    if args.now:
        try:
            config.now = datetime.fromisoformat(args.now.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            raise UsageError(f"--now {args.now!r} is not an ISO-8601 instant") from None
    serve(config, host="127.0.0.1", port=args.port)
    return 0


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set variables for the length of the block, then put back what was there."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _cmd_demo(args: argparse.Namespace) -> int:
    from assets.runner import print_marts, run_backfill
    from simulator.config import SimulatorConfig
    from simulator.server import start

    config = SimulatorConfig(
        density_v2_rate_limit=DEMO_REQUESTS_PER_MINUTE, omnos_rate_limit=DEMO_REQUESTS_PER_MINUTE
    )
    with start(config) as sim:
        last = config.now.date() - timedelta(days=1)
        first = last - timedelta(days=args.days - 1)
        client_id = next(iter(config.density_v3_clients))
        demo_env = dict(
            DENSITY_API_TOKEN=next(iter(config.density_tokens)),
            DENSITY_V2_BASE_URL=sim.api_url("density_v2"),
            DENSITY_V2_REQUESTS_PER_MINUTE=str(DEMO_REQUESTS_PER_MINUTE),
            OMNOS_API_TOKEN=next(iter(config.omnos_tokens)),
            OMNOS_BASE_URL=sim.api_url("omnos"),
            OMNOS_REQUESTS_PER_MINUTE=str(DEMO_REQUESTS_PER_MINUTE),
            # v3 signs in with OAuth client credentials, as a production set-up may
            DENSITY_V3_BASE_URL=sim.api_url("density_v3"),
            DENSITY_CLIENT_ID=client_id,
            DENSITY_CLIENT_SECRET=config.density_v3_clients[client_id],
            OCCUSPACE_API_TOKEN=next(iter(config.occuspace_tokens)),
            OCCUSPACE_BASE_URL=sim.api_url("occuspace"),
            OCCUSPACE_REQUESTS_PER_MINUTE=str(DEMO_OCCUSPACE_REQUESTS_PER_MINUTE),
        )
        print(f"simulator on {sim.base_url}; loading {first}..{last} for {', '.join(SOURCE_NAMES)}")
        with _environment(demo_env):
            status = run_backfill(first, last, list(SOURCE_NAMES), args.log_level)
        print(f"{len(sim.requests())} vendor requests made")
    if status == 0:
        print_marts()
    return status


def _cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.destination import connect_read_only
    from warehouse.lake import connect_lake
    from warehouse.settings import load_settings

    connect = connect_lake if args.lake else connect_read_only
    try:
        with connect(load_settings()) as con:
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
    except (UsageError, UnknownSource) as exc:
        print(f"occupancy-elt: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
