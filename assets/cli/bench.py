"""`occupancy-elt bench`: one run on the simulator at a vendor's limit, its figures as ratios to
the rate-limit bound and to its peers measured in the same run."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from assets.benchmark.figures import Pacing, ratio, shown_ratio, v2_minimum, v3_minimum
from assets.benchmark.peers import PeerRun, naive_peer, rest_api_peer
from assets.benchmark.process import SimulatorProcess
from assets.benchmark.project import ProjectRun, run_project
from pipelines.density_v2.settings import DOCUMENTED_REQUESTS_PER_MINUTE
from pipelines.density_v3.settings import DOCUMENTED_BURST, DOCUMENTED_REQUESTS_PER_SECOND
from pipelines.occuspace.settings import DEFAULT_REQUESTS_PER_MINUTE
from pipelines.vendors import vendor

BENCH_SOURCES = ("density_v2", "omnos", "density_v3", "occuspace")
V2_SOURCES = ("density_v2", "omnos")
LIFTED = 10_000_000  # requests a minute: no limit, for the peers' local runs
# The documented limit of each source, requests a minute (Density v3: 15/s, a burst of 100).
DOCUMENTED_PER_MINUTE = {
    "density_v2": DOCUMENTED_REQUESTS_PER_MINUTE,
    "omnos": DOCUMENTED_REQUESTS_PER_MINUTE,
    "density_v3": DOCUMENTED_REQUESTS_PER_SECOND * 60,
    "occuspace": DEFAULT_REQUESTS_PER_MINUTE,
}


@dataclass(frozen=True)
class BenchOptions:
    """What to measure: a source, its last `days` local days before the simulated present, a
    generated portfolio of `spaces` (Density v2/Omnos), a limit in requests a minute."""

    source: str
    days: int
    spaces: int | None
    rate_limit: int
    seed: int = 7
    dbt: bool = True
    peers: bool = True


def pacing(source: str, per_minute: int) -> Pacing:
    """The limit the simulator enforces and the client paces to: N a minute in fixed windows
    for Density v2/Omnos and Occuspace; for Density v3 a bucket of N/60 a second with its
    documented burst of 100 (or a second's worth, if that is more)."""
    if source == "density_v3":
        rate = per_minute / 60
        return Pacing(rate, max(DOCUMENTED_BURST, round(rate)), per_minute=False)
    return Pacing(per_minute / 60, per_minute, per_minute=True)


def _config(options: BenchOptions, limit: Pacing):
    """The simulator's settings for this bench: its seed, portfolio and limit."""
    from simulator.config import SimulatorConfig

    return SimulatorConfig(
        seed=options.seed,
        spaces=options.spaces,
        density_v2_rate_limit=limit.burst,
        omnos_rate_limit=limit.burst,
        density_v3_rate_per_second=limit.rate,
        density_v3_burst=limit.burst,
    )


def _instant(record: dict) -> float:
    """A request log record's time as seconds since the epoch."""
    return datetime.fromisoformat(record["time"].replace("Z", "+00:00")).timestamp()


def _minimum(sim, options: BenchOptions, first: date, last: date, answered: list[dict]) -> int:
    """The planner's minimum for Density v2/Omnos and Density v3; for Occuspace, the distinct
    requests answered (what the run needed, without retries or repeats)."""
    if options.source in V2_SOURCES:
        key = {"density_v2": "density", "omnos": "omnos"}[options.source]
        return v2_minimum(sim.world, key + ("_generated" if options.spaces else ""), first, last)
    if options.source == "density_v3":
        return v3_minimum(sim, first, last, pacing(options.source, options.rate_limit))
    return len({(r["method"], r["path"], tuple(sorted(r["query"].items()))) for r in answered})


def _peers(options: BenchOptions, first: date, last: date, workdir: Path) -> list[PeerRun]:
    """The peers, each on its own simulator: rest_api at the same limit, the naive loop lifted
    (one day per request would take hours at a vendor's limit)."""
    runs = []
    source = options.source
    token_of = {"density_v2": "density_tokens", "omnos": "omnos_tokens"}
    limit = pacing(source, options.rate_limit)
    with SimulatorProcess(_config(options, limit)) as sim:
        token = next(iter(getattr(sim.config, token_of[source])))
        runs.append(rest_api_peer(sim.api_url(source), token, first, last, workdir))
        log = sim.requests()
        throttled = sum(1 for r in log if r["status"] == 429)
        runs[-1] = replace(runs[-1], requests=len(log), throttled=throttled)
    with SimulatorProcess(_config(options, pacing(source, LIFTED))) as sim:
        runs.append(naive_peer(sim.api_url(source), token, first, last, workdir))
        runs[-1] = replace(runs[-1], requests=len(sim.requests()))
    return runs


def _print(
    options: BenchOptions,
    first: date,
    last: date,
    limit: Pacing,
    ours: ProjectRun,
    log: list[dict],
    minimum: int,
    peers: list[PeerRun],
) -> None:
    """One line a figure, `label: value [unit] ratio: ...`, as the README and the test read them."""
    requests = len(log)
    throttled = sum(1 for r in log if r["status"] == 429)
    bound = limit.bound_seconds(minimum)
    span = _instant(log[-1]) - _instant(log[0]) if log else 0.0
    wall = ours.done - ours.started
    size = f", {options.spaces} generated spaces" if options.spaces else ""
    print(
        f"bench: {options.source}{size}, local days {first}..{last} ({options.days}),"
        f" {options.rate_limit} requests/minute"
    )
    print(f"requests: {requests} minimum: {minimum} ratio: {shown_ratio(ratio(requests, minimum))}")
    print(f"http 429: {throttled}")
    print(f"bound: {bound:.1f} s")
    print(f"request span: {span:.1f} s ratio: {shown_ratio(ratio(span, bound))}")
    print(f"wall: {wall:.1f} s ratio: {shown_ratio(ratio(wall, bound))}")
    print(f"tail after last response: {ours.tail_seconds:.1f} s")
    for phase, seconds in ours.phases.items():
        print(f"phase {phase}: {seconds:.1f} s ratio to wall: {shown_ratio(ratio(seconds, wall))}")
    rate = ours.raw_rows / ours.local_seconds if ours.local_seconds > 0 else 0.0
    print(
        f"raw rows: {ours.raw_rows} local path: {ours.local_seconds:.1f} s"
        f" (vendor time {ours.vendor_seconds:.1f} s excluded) rows/s: {rate:.0f}"
    )
    print(f"peak memory: {ours.peak_rss_mib:.0f} MiB")
    for peer in peers:
        print(
            f"peer {peer.name}: requests: {peer.requests} rate-limited: {peer.throttled}"
            f" rows: {peer.rows}"
            f" wall: {peer.seconds:.1f} s ratio to ours: {shown_ratio(ratio(peer.seconds, wall))}"
        )
    for line in ours.unreadable:
        print(f"unreadable: {line}")


@contextmanager
def _only_errors(names: tuple[str, ...]) -> Iterator[None]:
    """Those loggers at ERROR while the bench runs, their levels restored after (a caller in the
    same process, a test among them, still hears their warnings)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run_bench(options: BenchOptions) -> int:
    """Run the project's load (then dbt and the lake) and its peers on the simulator; print the
    figures. Exit status 1 if any answer was unreadable."""
    # The figures are the output: one INFO line per request, or dlt's notes on the peers'
    # untyped columns, would bury them.
    with _only_errors(("httpx", "dlt", "pipelines")):
        return _bench(options)


def _bench(options: BenchOptions) -> int:
    from simulator.world.world import DEFAULT_NOW

    last = DEFAULT_NOW.date() - timedelta(days=1)
    first = last - timedelta(days=options.days - 1)
    limit = pacing(options.source, options.rate_limit)
    api = vendor(options.source).name
    with tempfile.TemporaryDirectory(prefix="occupancy-bench-") as scratch:
        workdir = Path(scratch)
        with SimulatorProcess(_config(options, limit)) as sim:
            ours = run_project(sim, options.source, first, last, workdir, limit, dbt=options.dbt)
            log = [r for r in sim.requests() if r["api"] == api]
            answered = [r for r in log if 200 <= r["status"] < 300]
            minimum = _minimum(sim, options, first, last, answered)
        with_peers = options.peers and options.source in V2_SOURCES
        peers = _peers(options, first, last, workdir) if with_peers else []
        _print(options, first, last, limit, ours, log, minimum, peers)
        if options.peers and not with_peers:
            print(f"peers: configured for Density v2 and Omnos only, not {options.source}")
    return 1 if ours.unreadable else 0
