"""Rate limiting per key: fixed clock-aligned windows (the v2 contract), token buckets (v3)."""

import math
import threading
import time
from collections.abc import Callable


class FixedWindowLimiter:
    """Admits `limit` requests per key per window `floor(time / window_seconds)`."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._window = -1
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> int | None:
        """None if admitted (refusals do not count), else whole seconds until the window ends."""
        now = self._clock()
        window = math.floor(now / self.window_seconds)
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            used = self._counts.get(key, 0)
            if used >= self.limit:
                return max(1, math.ceil((window + 1) * self.window_seconds - now))
            self._counts[key] = used + 1
            return None


class TokenBucket:
    """`rate` requests per second per key with bursts up to `burst`; refusals spend nothing."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> int | None:
        """None if admitted, else whole seconds until a request would be."""
        with self._lock:
            now = self._clock()
            tokens, then = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return None
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))
