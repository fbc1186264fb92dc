"""The request log: one record per request the fake vendors received (never a credential)."""

import threading
from datetime import UTC, datetime

from simulator.world.timeutil import format_iso, to_us


class RequestLog:
    """A thread-safe, append-only list of request records."""

    def __init__(self) -> None:
        self._records: list[dict] = []
        self._lock = threading.Lock()

    def append(self, api: str, method: str, path: str, query: dict[str, str], status: int) -> None:
        """Record one request; `status` 0 means the connection was dropped."""
        record = {
            "time": format_iso(to_us(datetime.now(UTC))),
            "api": api,
            "method": method,
            "path": path,
            "query": dict(query),
            "status": status,
        }
        with self._lock:
            self._records.append(record)

    def records(self) -> list[dict]:
        """A copy of every record, oldest first."""
        with self._lock:
            return [{**r, "query": dict(r["query"])} for r in self._records]

    def clear(self) -> None:
        """Forget every record."""
        with self._lock:
            self._records.clear()
