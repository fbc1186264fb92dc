"""Pure request planning for Density v3: local days -> the fewest vendor-legal request bodies."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pipelines.density_v3.settings import (
    DATA_STATUS_MAX_FLOORS,
    HEALTH_MAX,
    METRICS_RESOLUTION,
    PRESENCE_MODES,
    RESOLUTION_MAX_DAYS,
    SESSIONS_MAX_DAYS,
    SPACE_BATCH,
)
from pipelines.windows import PlanError, Window, check_day_range, iso_utc, local_days_window

if TYPE_CHECKING:
    from pipelines.density_v3.parse import FloorStatus


@dataclass(frozen=True)
class LocalDays:
    """Whole local days [first, last], sent as local wall times with an inclusive end."""

    first: date
    last: date

    @property
    def start_date(self) -> str:
        return f"{self.first.isoformat()}T00:00:00"

    @property
    def end_date(self) -> str:
        return f"{self.last.isoformat()}T23:59:59"

    def window(self, time_zone: str) -> Window:
        """The same days as a half-open UTC window in a time zone."""
        return local_days_window(self.first, self.last, time_zone)


@dataclass(frozen=True)
class Request:
    """One planned POST: its path, JSON body, time zone and the UTC window it covers."""

    path: str
    body: dict
    time_zone: str
    window: Window


def day_windows(start_date: date, end_date: date, max_days: int) -> list[LocalDays]:
    """Consecutive runs of at most `max_days` local days covering [start_date, end_date]."""
    check_day_range(start_date, end_date)
    if max_days < 1:
        raise PlanError("a window must hold at least one day")
    found, first = [], start_date
    while first <= end_date:
        last = min(first + timedelta(days=max_days - 1), end_date)
        found.append(LocalDays(first, last))
        first = last + timedelta(days=1)
    return found


def utc_day_runs(
    start_date: date, end_date: date, time_zone: str, longest: timedelta = HEALTH_MAX
) -> list[LocalDays]:
    """Runs of whole local days whose UTC span, end inclusive, is at most `longest`.

    A run that crosses a 25-hour DST day is a day shorter than one that does not.
    """
    check_day_range(start_date, end_date)
    found, first = [], start_date
    while first <= end_date:
        last = min(first + timedelta(days=longest.days - 1), end_date)
        while last > first and _inclusive_span(first, last, time_zone) > longest:
            last -= timedelta(days=1)
        if _inclusive_span(first, last, time_zone) > longest:
            raise PlanError(f"one local day in {time_zone} is longer than {longest}")
        found.append(LocalDays(first, last))
        first = last + timedelta(days=1)
    return found


def utc_day_windows(
    start_date: date, end_date: date, time_zone: str, longest: timedelta = HEALTH_MAX
) -> list[Window]:
    """`utc_day_runs` as UTC windows."""
    return [
        days.window(time_zone) for days in utc_day_runs(start_date, end_date, time_zone, longest)
    ]


def _inclusive_span(first: date, last: date, time_zone: str) -> timedelta:
    window = local_days_window(first, last, time_zone)
    return window.end - window.start - timedelta(seconds=1)


def inclusive_end(window: Window) -> str:
    """A half-open window's end as the inclusive `end_date` (one second before)."""
    return iso_utc(window.end - timedelta(seconds=1))


def batches(ids: Sequence[str], size: int) -> list[list[str]]:
    """`ids` in consecutive batches of at most `size`."""
    if size < 1:
        raise PlanError("a batch holds at least one id")
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def by_time_zone(spaces: Iterable[dict]) -> dict[str, list[str]]:
    """Space ids grouped by time zone, so a local range means the same instants in a request."""
    groups: dict[str, list[str]] = {}
    for space in spaces:
        groups.setdefault(space.get("time_zone") or "UTC", []).append(space["id"])
    return dict(sorted(groups.items()))


def counted_spaces(spaces: Iterable[dict]) -> list[dict]:
    """Spaces with sensors of their own (a counting mode): the ones with analytics."""
    return [s for s in spaces if s.get("counting_mode")]


def presence_floors(spaces: Sequence[dict]) -> list[dict]:
    """Floors with open-area (OA or Waffle) spaces below them: the ones with a data status."""
    by_id = {s["id"]: s for s in spaces}

    def has_presence(space_id: str) -> bool:
        space = by_id.get(space_id, {})
        return space.get("counting_mode") in PRESENCE_MODES or any(
            has_presence(c) for c in space.get("children_ids") or ()
        )

    return [s for s in spaces if s.get("space_type") == "floor" and has_presence(s["id"])]


def analytics_requests(
    spaces: Sequence[dict],
    start_date: date,
    end_date: date,
    path: str = "/analytics/metrics",
    resolution: str = METRICS_RESOLUTION,
    batch: int = SPACE_BATCH,
) -> list[Request]:
    """Per time zone and space batch, one request per longest range the resolution allows."""
    if resolution not in RESOLUTION_MAX_DAYS:
        raise PlanError(f"unknown time_resolution {resolution!r}")
    return [
        Request(
            path,
            {
                "space_ids": ids,
                "start_date": days.start_date,
                "end_date": days.end_date,
                "time_resolution": resolution,
            },
            tz,
            days.window(tz),
        )
        for tz, group in by_time_zone(counted_spaces(spaces)).items()
        for ids in batches(group, batch)
        for days in day_windows(start_date, end_date, RESOLUTION_MAX_DAYS[resolution])
    ]


def sessions_requests(
    spaces: Sequence[dict], start_date: date, end_date: date, batch: int = SPACE_BATCH
) -> list[Request]:
    """Raw sessions: per time zone and space batch, 60-day windows of local days, no Z."""
    return [
        Request(
            "/analytics/sessions/raw",
            {"space_ids": ids, "start_date": days.start_date, "end_date": days.end_date},
            tz,
            days.window(tz),
        )
        for tz, group in by_time_zone(counted_spaces(spaces)).items()
        for ids in batches(group, batch)
        for days in day_windows(start_date, end_date, SESSIONS_MAX_DAYS)
    ]


def health_requests(
    spaces: Sequence[dict], start_date: date, end_date: date, batch: int = SPACE_BATCH
) -> list[Request]:
    """Sensor health changes: per time zone and space batch, windows of at most 10 days (UTC)."""
    return [
        Request(
            "/sensors/health",
            {"space_ids": ids, "start_date": iso_utc(w.start), "end_date": inclusive_end(w)},
            tz,
            w,
        )
        for tz, group in by_time_zone(counted_spaces(spaces)).items()
        for ids in batches(group, batch)
        for w in utc_day_windows(start_date, end_date, tz)
    ]


@dataclass(frozen=True)
class StatusAsk:
    """One data-status request: floors of one time zone over whole local days."""

    floor_ids: tuple[str, ...]
    days: LocalDays
    time_zone: str

    @property
    def request(self) -> Request:
        """The POST body (UTC, end inclusive) and window of these floors and days."""
        w = self.days.window(self.time_zone)
        body = {"floor_ids": list(self.floor_ids), "start_date": iso_utc(w.start)}
        body["end_date"] = inclusive_end(w)
        return Request("/analytics/data-status", body, self.time_zone, w)

    def halves(self, floor_ids: Sequence[str]) -> list[StatusAsk]:
        """The same days in two halves (the earlier one the longer), for these floors only."""
        n = (self.days.last - self.days.first).days + 1
        cut = self.days.first + timedelta(days=(n + 1) // 2)
        return [
            StatusAsk(tuple(floor_ids), LocalDays(a, b), self.time_zone)
            for a, b in ((self.days.first, cut - timedelta(days=1)), (cut, self.days.last))
        ]


def settle(ask: StatusAsk, answer: dict[str, FloorStatus]) -> tuple[list[dict], list[StatusAsk]]:
    """Day rows an answer settles, and the asks it still needs.

    Days sent per day are used as sent. A period answered 1 makes each of its days 1; a one-day
    period is that day's status; a longer period below 1 is split in halves and asked again.
    """
    rows, open_floors = [], []
    days = [
        ask.days.first + timedelta(days=i) for i in range((ask.days.last - ask.days.first).days + 1)
    ]
    for floor_id in ask.floor_ids:
        status = answer[floor_id]
        if status.daily is not None:
            rows += [{**status.extra, **day, "floor_id": floor_id} for day in status.daily]
        elif status.period == 1 or len(days) == 1:
            rows += [
                {
                    **status.extra,
                    "floor_id": floor_id,
                    "date": d.isoformat(),
                    "data_status": status.period,
                }
                for d in days
            ]
        else:
            open_floors.append(floor_id)
    return rows, ask.halves(open_floors) if open_floors else []


def resolve(
    asks: Iterable[StatusAsk], answer: Callable[[StatusAsk], dict[str, FloorStatus] | None]
) -> Iterator[tuple[StatusAsk, list[dict]]]:
    """Ask each window, then the halves of any still incomplete, depth first: `answer` makes one
    request per call (None: unreadable, skipped), so requests = windows + 2 x split windows."""
    pending = list(asks)
    while pending:
        ask = pending.pop(0)
        found = answer(ask)
        if found is not None:
            rows, more = settle(ask, found)
            pending[:0] = more
            yield ask, rows


def data_status_asks(spaces: Sequence[dict], start_date: date, end_date: date) -> list[StatusAsk]:
    """Data status: per time zone, at most 5 floors and at most 10 days (UTC) per request."""
    return [
        StatusAsk(tuple(ids), days, tz)
        for tz, group in by_time_zone(presence_floors(spaces)).items()
        for ids in batches(group, DATA_STATUS_MAX_FLOORS)
        for days in utc_day_runs(start_date, end_date, tz)
    ]


def data_status_requests(spaces: Sequence[dict], start_date: date, end_date: date) -> list[Request]:
    """The first data-status request of each window (a per-period answer below 1 adds halves)."""
    return [ask.request for ask in data_status_asks(spaces, start_date, end_date)]


def backfill_requests(spaces: Sequence[dict], start_date: date, end_date: date) -> list[Request]:
    """Every fact request of a backfill over local days, given the spaces listing."""
    return [
        *analytics_requests(spaces, start_date, end_date),
        *sessions_requests(spaces, start_date, end_date),
        *health_requests(spaces, start_date, end_date),
        *data_status_requests(spaces, start_date, end_date),
    ]
