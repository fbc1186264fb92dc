"""HTTP client for the vendor APIs: bearer token, rate limit, bounded retries, one-line errors.

Make one `VendorClient` per vendor API and give every client, thread and run that spends the
same quota (Density v2: per token; Density v3: per IP) the same `RateLimiter`. The limiter only
counts requests of this process.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from json import dumps
from typing import Any, NamedTuple, Protocol

import httpx

from pipelines.errors import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    VendorError,
    VendorUnavailable,
    one_line,
)

log = logging.getLogger("pipelines.client")
# httpx logs one INFO line per request (method, URL, status); httpcore's DEBUG trace adds response
# headers and connection chatter. Neither logs request headers. Quiet httpcore unless configured.
if logging.getLogger("httpcore").level == logging.NOTSET:
    logging.getLogger("httpcore").setLevel(logging.INFO)

UNAVAILABLE_STATUSES = frozenset({500, 502, 503, 504})  # retried, like 429


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


class TokenSource(Protocol):
    """A bearer token that changes over time (OAuth): asked for before every request."""

    def token(self) -> str:
        """A token that is valid now (renewed ahead of its expiry)."""
        ...

    def renew(self) -> None:
        """Forget the current token: the vendor refused it, so the next `token()` is new."""
        ...


class _Retry(NamedTuple):
    """A failed attempt that may succeed if repeated."""

    error: type[VendorError]
    message: str  # the error's message, but for "after N attempts"
    why: str  # for the retry log line
    status: int | None
    wait: float | None  # what the vendor asked for (Retry-After), else backoff


class VendorClient:
    """GET/POST JSON from one vendor API; every attempt passes through `limiter`.

    `token` is a fixed string, or a `TokenSource` asked before each request; with a source, a 401
    renews the token once and repeats the request.
    """

    def __init__(
        self,
        *,
        vendor: str,
        base_url: str,
        token: str | TokenSource,
        token_env_var: str,
        limiter: RateLimiter,
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 120.0,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._source = None if isinstance(token, str) else token
        if self._source is None and (
            not token or not token.isascii() or not token.isprintable() or " " in token
        ):
            raise ValueError(f"{token_env_var} must be a token without spaces or control chars")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.vendor = vendor
        self._base = httpx.URL(base_url.rstrip("/"))
        if self._base.scheme not in ("http", "https") or not self._base.host:
            raise ValueError(f"{vendor} base URL {base_url!r} is not an http(s) URL")
        self._token = token if self._source is None else ""
        self._token_env_var = token_env_var
        self._limiter = limiter
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self._timeout = timeout
        self._sleep = sleep
        headers = {"Authorization": f"Bearer {token}"} if self._source is None else {}
        self._http = httpx.Client(headers=headers, timeout=timeout, transport=transport)

    def get(self, path_or_url: str, params: dict[str, Any] | None = None) -> Any:
        return self._request("GET", path_or_url, params=params)

    def post(self, path: str, json: Any) -> Any:
        return self._request("POST", path, json=json)

    def paginate(
        self, path: str, params: dict[str, Any] | None = None, page_size: int = 1000
    ) -> Iterator[dict[str, Any]]:
        """Yield each page's root object (total/count, results, ...), following `next` to null."""
        url, shown = self._resolve(path)
        page = self.get(path, {**(params or {}), "page_size": page_size})
        where: dict[str, Any] = dict(vendor=self.vendor, status=200, method="GET")
        seen: set[str] = set()
        while True:
            if not isinstance(page, dict) or not isinstance(page.get("next"), str | None):
                problem = f"a page that is not a paginated JSON object for GET {shown}"
                raise MalformedResponse(f"{self.vendor} sent {problem}.", path=shown, **where)
            yield page
            if not page.get("next"):
                return
            url = url.join(page["next"])  # absolute as documented; a relative link also works
            if str(url) in seen:
                problem = f"a next-page link it had already sent for GET {shown}"
                raise MalformedResponse(f"{self.vendor} sent {problem}.", path=shown, **where)
            seen.add(str(url))
            shown = self._resolve(str(url))[1]
            page = self.get(str(url))

    def close(self) -> None:
        self._http.close()
        if close_source := getattr(self._source, "close", None):
            close_source()

    def __enter__(self) -> VendorClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _resolve(self, path_or_url: str) -> tuple[httpx.URL, str]:
        """The absolute URL (a relative path is appended to the base URL) and the path to show."""
        url = httpx.URL(path_or_url)
        if url.is_relative_url:
            url = httpx.URL(f"{self._base}/{path_or_url.lstrip('/')}")
        base_path = self._base.path.rstrip("/")
        shown = url.path[len(base_path) :] if url.path.startswith(base_path + "/") else url.path
        return url, shown

    def _request(self, method: str, path_or_url: str, **kwargs: Any) -> Any:
        url, path = self._resolve(path_or_url)
        if _origin(url) != _origin(self._base):
            there, here = ("{}://{}:{}".format(*_origin(u)) for u in (url, self._base))
            message = f"refusing to send the API token to {there}, not the configured {here}"
            where = dict(vendor=self.vendor, method=method, path=url.path)
            raise VendorError(f"{self.vendor} {method} {url.path}: {message}.", **where)
        try:
            return self._with_retries(method, url, path, kwargs)
        except TokenRejected as refused:
            if self._source is None or refused.status != 401:
                raise
            log.info(
                "%s %s %s: the access token was refused (HTTP 401); renewing it once",
                self.vendor,
                method,
                path,
            )
            self._source.renew()
            return self._with_retries(method, url, path, kwargs)

    def _with_retries(self, method: str, url: httpx.URL, path: str, kwargs: dict[str, Any]) -> Any:
        for attempt in range(1, self.max_attempts + 1):
            data, retry = self._attempt(method, url, path, kwargs)
            if retry is None:
                return data
            if attempt == self.max_attempts:
                break
            backoff = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
            wait = backoff if retry.wait is None else retry.wait
            n, request = f"{attempt}/{self.max_attempts}", f"{self.vendor} {method} {path}"
            log.warning(
                "%s failed (%s), attempt %s; retrying in %.1f s", request, retry.why, n, wait
            )
            self._sleep(wait)
        attempts = f"{self.max_attempts} attempt{'s' if self.max_attempts > 1 else ''}"
        where = dict(vendor=self.vendor, status=retry.status, method=method, path=path)
        raise retry.error(f"{retry.message} after {attempts}; try again later.", **where)

    def _attempt(
        self, method: str, url: httpx.URL, path: str, kwargs: dict[str, Any]
    ) -> tuple[Any, _Retry | None]:
        """One request through the limiter: (parsed JSON, None), a retry, or a raised refusal."""
        request, failure = f"{method} {path}", ""
        token, headers = self._token, None
        if self._source is not None:
            token = self._source.token()
            headers = {"Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        with self._limiter.slot():
            try:
                response = self._http.request(method, url, headers=headers, **kwargs)
            except httpx.TimeoutException:
                failure = f"timeout after {self._timeout:g} s"
            except httpx.RequestError as exc:  # refused, dropped mid-body, undecodable
                failure = type(exc).__name__
        elapsed = time.perf_counter() - started
        if failure:  # raised outside the except blocks: no httpx exception (or header) chained
            log.debug("%s %s -> %s in %.3f s", self.vendor, request, failure, elapsed)
            message = f"{self.vendor} did not answer {request} ({failure})"
            return None, _Retry(VendorUnavailable, message, failure, None, None)
        status = response.status_code
        log.debug("%s %s -> HTTP %d in %.3f s", self.vendor, request, status, elapsed)
        if 200 <= status < 300:
            try:
                return response.json(), None
            except ValueError:
                kind = response.headers.get("content-type", "no content type")
            message = f"{self.vendor} sent a non-JSON body for {request} (HTTP {status}, {kind})"
            return None, _Retry(MalformedResponse, message, "body is not JSON", status, None)
        reason = one_line(_reason(response).replace(token, "***"))
        where: dict[str, Any] = dict(vendor=self.vendor, status=status, method=method, path=path)
        said = f": {reason}" if reason else ""
        if status == 429:
            wait = _retry_after(response.headers.get("retry-after"))
            if wait is not None and wait > self.max_retry_after:
                raise RateLimited(
                    f"{self.vendor} rate-limited {request} (HTTP 429) and asked to wait "
                    f"{wait:.0f} s, more than the {self.max_retry_after:g} s this client waits; "
                    "try again later.",
                    **where,
                )
            why = "HTTP 429" if wait is None else f"HTTP 429, Retry-After {wait:g} s"
            message = f"{self.vendor} still rate-limited {request} (HTTP 429{said})"
            return None, _Retry(RateLimited, message, why, status, wait)
        if status in UNAVAILABLE_STATUSES:
            message = f"{self.vendor} is unavailable for {request} (HTTP {status}{said})"
            return None, _Retry(VendorUnavailable, message, f"HTTP {status}", status, None)
        if status in (401, 403):
            raise TokenRejected(
                f"{self.vendor} rejected the API token on {request} (HTTP {status}{said}); "
                f"check {self._token_env_var}.",
                **where,
            )
        if status in (400, 422):
            raise RequestRejected(f"{self.vendor} refused {request} (HTTP {status}){said}", **where)
        if status == 404:
            raise NotFound(f"{self.vendor} has no {request} (HTTP 404){said}", **where)
        if status >= 500:
            raise VendorUnavailable(
                f"{self.vendor} failed {request} (HTTP {status}{said}); try again later.", **where
            )
        raise VendorError(f"{self.vendor} answered {request} with HTTP {status}{said}", **where)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def _reason(response: httpx.Response) -> str:
    """The vendor's own words in an error body: a JSON detail/message, else the page's text."""
    try:
        body = response.json()
    except ValueError:  # an HTML error page (Occuspace's 404) or plain text: keep its words
        return html.unescape(re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]*>", " ", response.text))
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            if isinstance(body.get(key), str):
                return body[key]
    return body if isinstance(body, str) else dumps(body)


def _retry_after(value: str | None) -> float | None:
    """Seconds the vendor asked to wait (delta-seconds or HTTP-date); None if absent/unreadable."""
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
