"""Shared helpers for the simulator tests: fast configs, auth headers, paging, a reference count."""

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx

from simulator.config import SimulatorConfig

DENSITY_TOKEN = "tok_density_demo"
OMNOS_TOKEN = "tok_omnos_demo"
DENSITY_AUTH = {"Authorization": f"Bearer {DENSITY_TOKEN}"}
OMNOS_AUTH = {"Authorization": f"Bearer {OMNOS_TOKEN}"}


def fast_config(**overrides) -> SimulatorConfig:
    """The default world with rate limits high enough not to get in a test's way."""
    return replace(
        SimulatorConfig(density_v2_rate_limit=1_000_000, omnos_rate_limit=1_000_000), **overrides
    )


def iso(dt: datetime) -> str:
    """The vendor timestamp format of an aware datetime."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse(text: str) -> datetime:
    """An aware datetime of a vendor timestamp."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_midnight(day: date, tz: str) -> datetime:
    """The UTC instant a local day starts."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def get_all(client: httpx.Client, url: str, params: dict | None = None) -> list[dict]:
    """Every result of a paginated list, following the absolute `next` links."""
    response = client.get(url, params={"page_size": 1000, **(params or {})})
    response.raise_for_status()
    results = list(response.json()["results"])
    while next_url := response.json()["next"]:
        response = client.get(next_url)
        response.raise_for_status()
        results.extend(response.json()["results"])
    return results


def reference_intervals(
    events: list[tuple[datetime, int]],
    resets: list[datetime],
    bounds: list[tuple[datetime, datetime]],
) -> list[dict]:
    """Counts analytics the slow, obvious way, from count(t) = sum(last_reset(t) <= ts <= t)."""

    def count(t: datetime) -> int:
        since = max(r for r in resets if r <= t)
        return sum(d for ts, d in events if since <= ts <= t)

    rows = []
    for start, end in bounds:
        inside = [(ts, d) for ts, d in events if start <= ts < end]
        instants = {ts for ts, _ in inside if ts > start} | {r for r in resets if start < r < end}
        values = [count(start)] + [count(t) for t in instants]
        rows.append(
            {
                "count": values[0],
                "min": min(values),
                "max": max(values),
                "entrances": sum(1 for _, d in inside if d == 1),
                "exits": sum(1 for _, d in inside if d == -1),
            }
        )
    return rows
