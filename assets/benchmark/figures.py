"""The benchmark's arithmetic: the planner's minimum of requests, the rate-limit bound, ratios."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from pipelines.density_v2.planner import counts_windows, events_window
from pipelines.density_v2.settings import COUNTS_INTERVAL, MAX_PAGE_SIZE


@dataclass(frozen=True)
class Pacing:
    """A limit as the bench runs it: `burst` requests at once, `rate` per second after that;
    `per_minute` is a fixed-window limit of `burst` requests a minute (Density v2, Omnos)."""

    rate: float
    burst: int
    per_minute: bool

    def bound_seconds(self, requests: int) -> float:
        """The least time `requests` requests can take under this limit: ceil(R/N)-1 minutes
        for N a minute (the first minute's N go at once), (R - burst)/rate s for a bucket."""
        if requests <= self.burst:
            return 0.0
        if self.per_minute:
            return (math.ceil(requests / self.burst) - 1) * 60.0
        return (requests - self.burst) / self.rate


def pages(rows: int, page_size: int = MAX_PAGE_SIZE) -> int:
    """Pages a listing of `rows` rows takes (an empty listing is still one request)."""
    return max(1, math.ceil(rows / page_size))


def v2_minimum(world, portfolio: str, first: date, last: date) -> int:
    """The fewest Density v2 requests for local days first..last of `portfolio`: one page per
    1000 rows of each dimension list, the planner's counts windows, and the events window of
    each space in pages of 1000 of the events it holds (the truth, read from the world)."""
    from simulator.world.timeutil import from_us

    folio = world.portfolio(portfolio)
    lists = [
        folio.spaces,
        folio.doorways,
        folio.sensors,
        folio.tags,
        folio.time_segments,
        [link for door in folio.doorways for link in door.links],
        folio.time_segment_groups,
    ]
    total = sum(pages(len(rows)) for rows in lists)
    for space in folio.spaces:
        created = from_us(space.created_us)
        total += len(counts_windows(first, last, space.time_zone, COUNTS_INTERVAL, 1000, created))
        window = events_window(first, last, space.time_zone, space.daily_reset, created)
        if window is not None:
            total += pages(len(world.events(portfolio, space.id, window.start, window.end)))
    return total


def v3_minimum(sim, first: date, last: date, limit: Pacing) -> int:
    """The fewest Density v3 requests for local days first..last: the OAuth token, one per
    dimension list, and what `backfill_requests` plans for the spaces the API lists (asked
    after the run, so the listing is not in the run's log)."""
    from assets.benchmark.project import client_for
    from pipelines.density_v3.planner import backfill_requests
    from pipelines.density_v3.settings import DIMENSIONS

    with client_for(sim, "density_v3", limit) as client:
        spaces = client.get(DIMENSIONS["spaces"][1])
    return 1 + len(DIMENSIONS) + len(backfill_requests(spaces, first, last))


def ratio(value: float, base: float) -> float | None:
    """`value / base`, or None where the base is 0 (a limit lifted has no bound)."""
    return value / base if base > 0 else None


def shown_ratio(value: float | None) -> str:
    """A ratio as printed: `1.03x`, or `n/a` without a base."""
    return "n/a" if value is None else f"{value:.2f}x"
