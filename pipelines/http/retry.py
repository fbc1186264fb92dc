"""The one retry policy of every vendor request: what is retried, how long to wait, when to stop.

Each attempt of a `VendorClient` request (with the OAuth token request its auth may send first)
ends in an `Outcome`. `retry_reason` alone answers "what counts as a retry?". `retrying` is the
tenacity loop around it: the vendor's Retry-After when a 429 gives one, else exponential backoff
(`backoff_base`, doubling, at most `backoff_max` seconds); one warning line per retry; at most
`max_attempts` attempts, after which the last outcome goes back to the client, which words it
as "... after N attempts; try again later."
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple

import httpx
import tenacity

log = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
NOT_JSON: Any = object()  # the `data` of an outcome whose body was not (or not read as) JSON


class Outcome(NamedTuple):
    """How one attempt ended: no response (`failure` says why), or a response and its body."""

    vendor: str
    method: str
    path: str  # as shown in messages: relative to the client's base URL
    failure: str = ""  # why nothing came back: "timeout after 30 s", "ConnectError", ...
    response: httpx.Response | None = None
    data: Any = NOT_JSON  # a 2xx body, parsed
    reason: str = ""  # the vendor's own words in an error body: one line, no credential
    credentials: bool = False  # the answer of an OAuth token endpoint that issued no token

    @property
    def status(self) -> int | None:
        return None if self.response is None else self.response.status_code


def retry_reason(outcome: Outcome, max_retry_after: float) -> str | None:
    """What counts as a retry: why `outcome` is worth another attempt, or None if it is final.

    Retried: a timeout, or a connection refused or dropped (mid-body too); HTTP 429, after its
    Retry-After (seconds or an HTTP-date; 0 retries at once) unless it asks for more than
    `max_retry_after` seconds; HTTP 500, 502, 503 and 504; a 2xx body that is not JSON.
    Final: a success, and every refusal the same request would meet again (400, 401, 403, 404,
    422, any other status).
    """
    status = outcome.status
    if status is None:
        return outcome.failure
    if status == 429:
        wait = retry_after(outcome)
        if wait is None:
            return "HTTP 429"
        return f"HTTP 429, Retry-After {wait:g} s" if wait <= max_retry_after else None
    if status in RETRIED_STATUSES:
        return f"HTTP {status}"
    if 200 <= status < 300 and outcome.data is NOT_JSON:
        return "body is not JSON"
    return None


def retry_after(outcome: Outcome) -> float | None:
    """Seconds a 429 asked to wait (delta-seconds or HTTP-date); None if absent or unreadable."""
    if outcome.status != 429:
        return None
    value = outcome.response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def retrying(
    *,
    max_attempts: int,
    backoff_base: float,
    backoff_max: float,
    max_retry_after: float,
    sleep: Callable[[float], None],
) -> tenacity.Retrying:
    """Call an attempt (returning an `Outcome`) until `retry_reason` has no reason to repeat it
    or `max_attempts` attempts are made; return the last outcome either way."""
    backoff = tenacity.wait_exponential(multiplier=backoff_base, max=backoff_max)

    def wait(state: tenacity.RetryCallState) -> float:
        asked = retry_after(state.outcome.result())
        return backoff(state) if asked is None else asked

    def warn(state: tenacity.RetryCallState) -> None:
        outcome = state.outcome.result()
        log.warning(
            "%s %s %s failed (%s), attempt %d/%d; retrying in %.1f s",
            outcome.vendor,
            outcome.method,
            outcome.path,
            retry_reason(outcome, max_retry_after),
            state.attempt_number,
            max_attempts,
            state.upcoming_sleep,
        )

    return tenacity.Retrying(
        retry=tenacity.retry_if_result(lambda o: retry_reason(o, max_retry_after) is not None),
        stop=tenacity.stop_after_attempt(max_attempts),
        wait=wait,
        sleep=sleep,
        before_sleep=warn,
        retry_error_callback=lambda state: state.outcome.result(),
    )
