"""Per-source counters of one run (windows, requests, 429s, retries, rate-limit waits, rows), the
one record the CLI's live display, the Dagster run's progress events and the ingestion metadata
all read. A `VendorClient` counts its requests into its `progress`; the dlt sources count the
planner's windows; `BOARD` tells subscribers (the CLI) about every source a run starts."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

Listener = Callable[["SourceProgress"], None]


def rate_bound(requests: int, rate: float, burst: int, rolling: bool) -> float:
    """The least seconds `requests` requests can take under the vendor's limit: a rolling window
    (`burst` in any `burst / rate` s, Density v2's N a minute) needs ceil(R/N) - 1 whole windows;
    a token bucket (`rate` a second after a `burst`, Density v3) needs (R - burst) / rate."""
    if requests <= burst or rate <= 0:
        return 0.0
    if rolling:
        return (math.ceil(requests / burst) - 1) * burst / rate
    return (requests - burst) / rate


@dataclass
class SourceProgress:
    """What one source has done so far in a run; every change is told to the listeners."""

    source: str
    label: str = ""
    rate: float = 0.0  # requests per second sustained, as the client paces them
    burst: int = 1
    rolling: bool = True  # the limit is N in any rolling window (else a token bucket)
    windows_planned: int = 0
    windows_done: int = 0
    requests: int = 0
    throttled: int = 0  # HTTP 429 answers
    retries: int = 0
    waited: float = 0.0  # seconds spent waiting for the rate limiter
    rows: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    outcome: str = ""  # "", "done", "failed: ...", "skipped: ..."
    listeners: list[Listener] = field(default_factory=list, repr=False, compare=False)

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener(self)

    def plan(self, windows: int = 1) -> None:
        """The planner added `windows` requests to make (known space by space as they arrive)."""
        self.windows_planned += windows
        self._changed()

    def window_done(self) -> None:
        self.windows_done += 1
        self._changed()

    def request(self, waited: float) -> None:
        """One request went on the wire after `waited` seconds at the rate limiter."""
        self.requests += 1
        self.waited += waited
        self._changed()

    def throttle(self) -> None:
        self.throttled += 1
        self._changed()

    def retry(self, attempts: int = 1) -> None:
        if attempts > 0:
            self.retries += attempts
            self._changed()

    def add_rows(self, table: str, rows: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self._changed()

    def finish(self, outcome: str = "done") -> None:
        self.finished, self.outcome = time.monotonic(), outcome
        self._changed()

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def bound(self) -> float:
        """The least seconds this run's requests could take under the rate limit."""
        return rate_bound(self.requests, self.rate, self.burst, self.rolling)

    def eta(self) -> float | None:
        """Seconds left (None before a window is done): the windows still to fetch at the pace
        so far, and never less than what the rate limit still requires of their requests."""
        left = self.windows_planned - self.windows_done
        if not self.windows_done:
            return None
        paced = self.elapsed / self.windows_done * left
        expected = self.requests + round(left * self.requests / self.windows_done)
        limited = rate_bound(expected, self.rate, self.burst, self.rolling) - self.elapsed
        return max(0.0, paced, limited)

    def line(self) -> str:
        """One line for a log: 'Density v2: 12/40 windows, 57 requests, 0 x 429, 1 retry'."""
        name = self.label or self.source
        retries = (
            f", {self.retries} retr{'y' if self.retries == 1 else 'ies'}" if self.retries else ""
        )
        return (
            f"{name}: {self.windows_done}/{self.windows_planned} windows, "
            f"{self.requests} requests, {self.throttled} x 429{retries}"
        )

    def metadata(self) -> dict[str, Any]:
        """The run's figures as plain values for a materialization's metadata."""
        return {
            "windows": f"{self.windows_done} of {self.windows_planned} planned",
            "requests": self.requests,
            "requests_planned": self.windows_planned,
            "http_429": self.throttled,
            "retries": self.retries,
            "seconds": round(self.elapsed, 1),
            "seconds_rate_limit_bound": round(self.bound, 1),
            "seconds_waited_on_rate_limit": round(self.waited, 1),
        }


class Metered:
    """A rate limiter whose every slot is counted as one request on the wire into the progress
    `current()` returns, with the seconds it waited for the slot (below the HTTP client, so
    retries and OAuth token requests count too)."""

    def __init__(
        self,
        limiter: Any,
        current: Callable[[], SourceProgress],
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._limiter, self._current, self._clock = limiter, current, clock

    @contextmanager
    def slot(self) -> Iterator[None]:
        asked = self._clock()
        slot: AbstractContextManager[None] = self._limiter.slot()
        with slot:
            self._current().request(self._clock() - asked)
            yield


class Throttled:
    """A listener calling `emit(progress.line())` every `seconds`, or after `share` of the
    windows but not within `gap` seconds of the last line, and at the end: progress in a run's
    events without a line per request."""

    def __init__(
        self,
        emit: Callable[[str], None],
        seconds: float = 5.0,
        share: float = 0.1,
        gap: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._emit, self._seconds, self._share, self._gap = emit, seconds, share, gap
        self._clock = clock
        self._last_time, self._last_done, self._last_line = clock(), 0, ""

    def __call__(self, progress: SourceProgress) -> None:
        now, done = self._clock(), progress.windows_done
        step = max(1, math.ceil(progress.windows_planned * self._share))
        since = now - self._last_time
        due = (
            progress.finished is not None
            or (done - self._last_done >= step and since >= self._gap)
            or since >= self._seconds
        )
        line = progress.line()
        if due and line != self._last_line:
            self._emit(line)
            self._last_time, self._last_done, self._last_line = now, done, line


class Board:
    """The sources of the runs in this process, newest per source; subscribers hear of each one
    started (the CLI's display) and of every change to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sources: dict[str, SourceProgress] = {}
        self._subscribers: list[Listener] = []

    def start(self, source: str, **pacing: Any) -> SourceProgress:
        """A fresh record for `source`, replacing any earlier one, its subscribers attached."""
        progress = SourceProgress(source, **pacing)
        with self._lock:
            self.sources[source] = progress
            progress.listeners.extend(self._subscribers)
        progress._changed()
        return progress

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear of every source started from now on; returns the call that stops it."""
        with self._lock:
            self._subscribers.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers.remove(listener)
                for progress in self.sources.values():
                    if listener in progress.listeners:
                        progress.listeners.remove(listener)

        return unsubscribe

    def clear(self) -> None:
        with self._lock:
            self.sources.clear()


BOARD = Board()
