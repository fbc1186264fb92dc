"""Pacing: at most N requests arriving at a vendor in any window, for every request on the wire.

Give every client, thread and run that spends the same quota (Density v2: per token; Density v3:
per IP) the same `RateLimiter`, which counts the requests of this process; `SharedRateLimiter`
counts those of every process that names the same state file (two backfills on one token).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

import httpx


class RateLimiter:
    """At most `max_requests` requests arriving at the vendor in any `period_seconds`.

    A request arrives at the vendor somewhere between its send and its completion, so a slot is
    stamped when the request completes (in-flight requests hold a slot), and `acquire()` waits
    until the oldest of the last `max_requests` stamps is at least `period_seconds` old. Then no
    window of `period_seconds`, clock-aligned or not, sees more than `max_requests` arrivals, even
    with slow responses. Thread-safe.
    """

    def __init__(
        self,
        max_requests: int,
        period_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_requests < 1 or period_seconds <= 0:
            raise ValueError("RateLimiter needs max_requests >= 1 and period_seconds > 0")
        self.max_requests = max_requests
        self.period_seconds = period_seconds
        self._clock = clock
        self._sleep = sleep
        self._stamps: deque[float] = deque()  # completion times, oldest first
        self._in_flight = 0
        self._changed = threading.Condition()

    @classmethod
    def per_second(cls, rate: float, *, burst: int, **kwargs: Any) -> RateLimiter:
        """Stay within a token bucket (`rate` per second, `burst` at once): `burst` requests per
        `burst / rate` seconds never exceed `burst + rate * t` requests in any t seconds."""
        return cls(burst, burst / rate, **kwargs)

    def acquire(self) -> None:
        """Block until a request may be sent; pair with `release()` once it has completed."""
        while True:
            with self._changed:
                now = self._clock()
                while self._stamps and self._stamps[0] + self.period_seconds <= now:
                    self._stamps.popleft()
                if len(self._stamps) + self._in_flight < self.max_requests:
                    self._in_flight += 1
                    return
                if not self._stamps:  # every slot is in flight: wait for one to complete
                    self._changed.wait()
                    continue
                wait = self._stamps[0] + self.period_seconds - now
            self._sleep(wait)

    def release(self) -> None:
        """Stamp the completion (success or failure) of a request that `acquire()` let through."""
        with self._changed:
            self._in_flight -= 1
            self._stamps.append(self._clock())
            self._changed.notify_all()

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


# How often a process polls the shared state while every slot is held by requests in flight.
_IN_FLIGHT_POLL_SECONDS = 0.05
_KEYS = count()


def state_file(folder: Path, quota: str) -> Path:
    """The shared state of one quota (e.g. base URL and token) in `folder`: named by a hash, so
    the credential in `quota` is never written anywhere."""
    return folder / f"{hashlib.sha256(quota.encode()).hexdigest()[:32]}.json"


class SharedRateLimiter(RateLimiter):
    """A `RateLimiter` whose stamps and in-flight slots live in a file (held under an flock), so
    every process naming the same `path` shares one quota. Wall-clock stamps; the slots of a
    process that died are freed."""

    def __init__(
        self,
        max_requests: int,
        period_seconds: float,
        path: Path,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(max_requests, period_seconds, clock=clock, sleep=sleep)
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._slots = threading.local()  # the in-flight key of this thread's request

    @contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        """The state, read and written back under an exclusive flock on the file."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, os.fstat(fd).st_size, 0)
            try:
                state = json.loads(raw) if raw else {}
            except ValueError:  # a torn write of a killed process: start afresh
                state = {}
            state.setdefault("stamps", [])
            state.setdefault("flight", {})
            yield state
            data = json.dumps(state).encode()
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        finally:
            os.close(fd)  # releases the flock

    def acquire(self) -> None:
        """Block until a request may be sent by any process sharing the file."""
        key = f"{os.getpid()}:{next(_KEYS)}"
        while True:
            with self._state() as state:
                now = self._clock()
                stamps = sorted(t for t in state["stamps"] if now - self.period_seconds < t <= now)
                flight = {k: t for k, t in state["flight"].items() if _alive(k)}
                state["stamps"], state["flight"] = stamps[-self.max_requests :], flight
                if len(state["stamps"]) + len(flight) < self.max_requests:
                    flight[key] = now
                    self._slots.key = key
                    return
                stamps = state["stamps"]
                wait = stamps[0] + self.period_seconds - now if stamps else 0.0
            self._sleep(max(wait, _IN_FLIGHT_POLL_SECONDS))

    def release(self) -> None:
        """Stamp the completion of this thread's request in the shared file."""
        with self._state() as state:
            state["flight"].pop(self._slots.key, None)
            state["stamps"].append(self._clock())


def _alive(key: str) -> bool:
    """Whether the process that took an in-flight slot still runs."""
    pid = int(key.partition(":")[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LimitedTransport(httpx.BaseTransport):
    """`transport`, with each request holding a slot of `limiter` until its body is read.

    Below the client, so every request on the wire is paced: retries, and the requests an
    `httpx.Auth` flow sends (an OAuth token request) as much as the API requests.
    """

    def __init__(self, transport: httpx.BaseTransport, limiter: RateLimiter) -> None:
        self._transport = transport
        self._limiter = limiter

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._limiter.slot():
            response = self._transport.handle_request(request)
            try:
                response.read()  # completed: the slot is stamped when the whole body is in
            except BaseException:
                response.close()
                raise
        return response

    def close(self) -> None:
        self._transport.close()
