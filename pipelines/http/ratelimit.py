"""Pacing: at most N requests arriving at a vendor in any window, for every request on the wire.

Give every client, thread and run that spends the same quota (Density v2: per token; Density v3:
per IP) the same `RateLimiter`. The limiter only counts requests of this process.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
