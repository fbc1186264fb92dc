"""Fault injection at run time: statuses, delays, drops, malformed, HTML or unreadable bodies,
shifting pages; programmed one by one, or sprinkled over a share of requests from a seed."""

import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Send

FAULT_KINDS = {
    "status": "answer `status` as JSON {detail}, with `Retry-After: retry_after` if it is set",
    "delay": "sleep `seconds`, then answer normally",
    "drop": "send headers promising more body than is sent, then close the connection",
    "malformed": "answer 200 with a body that is cut-off JSON",
    "html": "answer 200 with an HTML page (a proxy's or login page's) instead of JSON",
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


@dataclass
class Sprinkle:
    """Random faults: each request to one of `apis` is faulted with probability `rate`, with a
    fault drawn from `mix`, all from one seeded generator (same seed, same arrival order, same
    faults). A retry of a faulted request is drawn afresh."""

    rate: float
    seed: int
    apis: frozenset[str]
    mix: tuple[Fault, ...]
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        self.rng = random.Random(self.seed)

    def draw(self, api: str) -> Fault | None:
        if api not in self.apis or self.rng.random() >= self.rate:
            return None
        return replace(self.rng.choice(self.mix), api=api)


def retried_mix(api: str = "") -> tuple[Fault, ...]:
    """Faults a client retries and then gets its data: a 429 storm's Retry-After 0, 5xx, a
    dropped connection, cut-off JSON and an HTML page with a 200."""
    return (
        Fault(api, "status", status=429, retry_after=0),
        Fault(api, "status", status=500),
        Fault(api, "status", status=502),
        Fault(api, "status", status=503),
        Fault(api, "drop"),
        Fault(api, "malformed"),
        Fault(api, "html"),
    )


class FaultInjector:
    """The thread-safe queue of pending faults, shared by every API of one simulator, and the
    record of every fault fired."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._sprinkle: Sprinkle | None = None
        self._fired: list[tuple[str, str, str]] = []
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

    def sprinkle(
        self, rate: float, seed: int, apis: Iterable[str], mix: Iterable[Fault] | None = None
    ) -> Sprinkle:
        """Fault a share `rate` of the requests to `apis` at random from `seed` (the mix:
        `retried_mix()` unless given), until `clear()`; programmed faults fire first."""
        sprinkle = Sprinkle(rate, seed, frozenset(apis), tuple(mix or retried_mix()))
        with self._lock:
            self._sprinkle = sprinkle
        return sprinkle

    def fired(self) -> list[tuple[str, str, str]]:
        """(api, path, kind) of every fault fired since the last `clear()`."""
        with self._lock:
            return list(self._fired)

    def pending(self) -> list[Fault]:
        """The faults that have not fired all their times yet."""
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        """Remove every pending fault and the random ones; forget those fired."""
        with self._lock:
            self._faults.clear()
            self._sprinkle = None
            self._fired.clear()

    def take(self, api: str, path: str, page: str | None) -> Fault | None:
        """Fire the first pending fault matching a request, if any."""
        with self._lock:
            fault = next((f for f in self._faults if f.matches(api, path, page)), None)
            if fault is not None:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
            elif self._sprinkle is not None:
                fault = self._sprinkle.draw(api)
            if fault is not None:
                self._fired.append((api, path, fault.kind))
            return fault


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


def html_response() -> Response:
    """A 200 whose body is an HTML page, as a proxy or a login wall sends."""
    page = (
        "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>"
    )
    return HTMLResponse(page, 200)


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
