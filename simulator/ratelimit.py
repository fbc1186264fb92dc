"""Fixed-window rate limiting: N requests per key per clock-aligned window."""

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
