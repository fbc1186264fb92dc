"""Fault injection at run time: statuses, delays, drops, malformed or unreadable bodies, shifting
pages."""

import threading
from dataclasses import dataclass, field

from starlette.responses import JSONResponse, Response
from starlette.types import Send

FAULT_KINDS = {
    "status": "answer `status` as JSON {detail}, with `Retry-After: retry_after` if it is set",
    "delay": "sleep `seconds`, then answer normally",
    "drop": "send headers promising more body than is sent, then close the connection",
    "malformed": "answer 200 with a body that is not JSON",
    "unreadable": "answer 200 with JSON in no documented shape (a list where an object is due)",
    "shift_pages": "serve a page >= 2 as if a record had been inserted at the front after page 1 "
    "(it repeats the previous page's last item); each shifted page is one firing",
}
_DETAILS = {
    429: "Request was throttled.",
    500: "A server error occurred.",
    502: "Bad gateway.",
    503: "Service temporarily unavailable.",
    504: "Gateway timeout.",
}


@dataclass
class Fault:
    """A programmed fault of one of FAULT_KINDS; fires `times` times, then disappears."""

    api: str
    kind: str
    times: int = 1
    path_contains: str | None = None
    status: int = 503
    retry_after: int | None = None
    seconds: float = 1.0
    remaining: int = field(init=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected {', '.join(FAULT_KINDS)}")
        if self.times < 1:
            raise ValueError("times must be at least 1")
        self.remaining = self.times

    def matches(self, api: str, path: str, page: str | None) -> bool:
        """Whether this fault applies to a request (`shift_pages` only to pages after the first)."""
        if api != self.api or (self.path_contains and self.path_contains not in path):
            return False
        return self.kind != "shift_pages" or (page is not None and page.isdigit() and int(page) > 1)


class FaultInjector:
    """The thread-safe queue of pending faults, shared by every API of one simulator."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(
        self,
        api: str,
        kind: str,
        times: int = 1,
        path_contains: str | None = None,
        *,
        status: int = 503,
        retry_after: int | None = None,
        seconds: float = 1.0,
    ) -> Fault:
        """Program a fault for an API ("density_v2", "omnos"); FAULT_KINDS says what each does."""
        fault = Fault(api, kind, times, path_contains, status, retry_after, seconds)
        with self._lock:
            self._faults.append(fault)
        return fault

    def pending(self) -> list[Fault]:
        """The faults that have not fired all their times yet."""
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        """Remove every pending fault."""
        with self._lock:
            self._faults.clear()

    def take(self, api: str, path: str, page: str | None) -> Fault | None:
        """Fire the first pending fault matching a request, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(api, path, page):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None


def status_response(fault: Fault) -> Response:
    """The error answer of a `status` fault."""
    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
    detail = _DETAILS.get(fault.status, f"Injected status {fault.status}.")
    return JSONResponse({"detail": detail}, fault.status, headers=headers)


def malformed_response() -> Response:
    """A 200 whose body is cut-off JSON."""
    return Response(
        b'{"total": 3, "next": null, "previous": null, "results": [{"id": ',
        200,
        media_type="application/json",
    )


def unreadable_response() -> Response:
    """A 200 whose body is valid JSON that no endpoint of any vendor documents."""
    return JSONResponse(["not", "a", "documented", "shape"], 200)


async def drop_connection(send: Send) -> None:
    """Promise a body, send part of it, and return: the server closes the connection."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")],
        }
    )
    body = b'{"total": 1, "results": ['
    await send({"type": "http.response.body", "body": body, "more_body": True})
