"""`VendorClient`: JSON from one vendor API, paced, retried by one policy, with one-line errors.

Make one `VendorClient` per vendor API, with its credentials (`BearerToken`, `ClientCredentials`)
and the `RateLimiter` of its quota. What is retried, and how, is `pipelines.http.retry`.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from json import dumps
from typing import Any

import httpx

from pipelines.http.auth import TokenNotIssued
from pipelines.http.errors import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    Unreadable,
    VendorError,
    VendorUnavailable,
    one_line,
)
from pipelines.http.ratelimit import LimitedTransport, RateLimiter
from pipelines.http.retry import NOT_JSON, Outcome, retry_after, retry_reason, retrying
from pipelines.progress import Metered, SourceProgress

log = logging.getLogger(__name__)
PairsHook = Callable[[list[tuple[str, Any]]], Any]
# httpx logs one INFO line per request (method, URL, status); httpcore's DEBUG trace adds response
# headers and connection chatter. Neither logs request headers. Quiet httpcore unless configured.
if logging.getLogger("httpcore").level == logging.NOTSET:
    logging.getLogger("httpcore").setLevel(logging.INFO)


class VendorClient:
    """GET/POST JSON from one vendor API; every request on the wire passes through `limiter`.

    `auth` adds the credentials. API requests go to the origin of `base_url` only (a next-page
    link elsewhere is refused); a `ClientCredentials` token request goes to its `token_url`.
    `progress` counts every request on the wire (token requests too), 429s, retries and the
    seconds waited on `limiter`; the sources count their windows into it.
    """

    def __init__(
        self,
        *,
        vendor: str,
        base_url: str,
        auth: httpx.Auth,
        limiter: RateLimiter,
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 120.0,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.vendor = vendor
        self._base = httpx.URL(base_url.rstrip("/"))
        if self._base.scheme not in ("http", "https") or not self._base.host:
            raise ValueError(f"{vendor} base URL {base_url!r} is not an http(s) URL")
        self._max_attempts = max_attempts
        self._max_retry_after = max_retry_after
        self._timeout = timeout
        self._retrying = retrying(
            max_attempts=max_attempts,
            backoff_base=backoff_base,
            backoff_max=backoff_max,
            max_retry_after=max_retry_after,
            sleep=sleep,
        )
        self.progress = SourceProgress(vendor, label=vendor)
        metered: Any = Metered(limiter, lambda: self.progress)
        wire = LimitedTransport(transport or httpx.HTTPTransport(), metered)
        self._http = httpx.Client(auth=auth, timeout=timeout, transport=wire)
        self.unreadable: list[Unreadable] = []

    def get(self, path_or_url: str, params: dict[str, Any] | None = None) -> Any:
        return self._request("GET", path_or_url, params=params)

    def post(self, path: str, json: Any, object_pairs_hook: PairsHook | None = None) -> Any:
        """POST JSON; `object_pairs_hook` builds each answered object from its (key, value) pairs,
        as in `json.loads`, for answers whose objects may repeat a key."""
        return self._request("POST", path, object_pairs_hook, json=json)

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

    def skip_unreadable(self, error: Unreadable) -> None:
        """Record an answer no documented reading fits; the caller goes on with other requests
        and the run fails after loading what it read (nothing fetched is thrown away)."""
        log.warning("%s", error)
        self.unreadable.append(error)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> VendorClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def url_of(self, path_or_url: str) -> httpx.URL:
        """The absolute URL a path or link is requested at (a relative path joins the base)."""
        return self._resolve(path_or_url)[0]

    def _resolve(self, path_or_url: str) -> tuple[httpx.URL, str]:
        """The absolute URL (a relative path is appended to the base URL) and the path to show."""
        url = httpx.URL(path_or_url)
        if url.is_relative_url:
            url = httpx.URL(f"{self._base}/{path_or_url.lstrip('/')}")
        base_path = self._base.path.rstrip("/")
        shown = url.path[len(base_path) :] if url.path.startswith(base_path + "/") else url.path
        return url, shown

    def _request(
        self, method: str, path_or_url: str, hook: PairsHook | None = None, **kwargs: Any
    ) -> Any:
        url, path = self._resolve(path_or_url)
        if _origin(url) != _origin(self._base):
            there, here = ("{}://{}:{}".format(*_origin(u)) for u in (url, self._base))
            message = f"refusing to send the API token to {there}, not the configured {here}"
            where = dict(vendor=self.vendor, method=method, path=url.path)
            raise VendorError(f"{self.vendor} {method} {url.path}: {message}.", **where)
        attempts = 0

        def attempt(*args: Any) -> Outcome:
            nonlocal attempts
            attempts += 1
            return self._attempt(*args)

        outcome = self._retrying(attempt, method, url, kwargs, hook)
        self.progress.retry(attempts - 1)
        return self._result(outcome)

    def _attempt(
        self, method: str, url: httpx.URL, kwargs: dict[str, Any], hook: PairsHook | None = None
    ) -> Outcome:
        """One request (after the token request its auth may send first), and how it ended."""
        started, response, failure, reason, credentials = time.perf_counter(), None, "", "", False
        try:
            response = self._http.request(method, url, **kwargs)
            sent = response.request
        except TokenNotIssued as refused:  # the auth's token request got no usable token
            response, reason, credentials = refused.response, refused.reason, True
            sent = response.request
        except httpx.TimeoutException as exc:
            sent, failure = exc.request, f"timeout after {self._timeout:g} s"
        except httpx.RequestError as exc:  # refused, dropped mid-body, undecodable
            sent, failure = exc.request, type(exc).__name__
        elapsed = time.perf_counter() - started
        # the request that ended the attempt: the API request, or the token request before it
        ended = (self.vendor, sent.method, self._resolve(str(sent.url))[1])
        if response is None:  # nothing kept from the httpx exception: it holds the headers
            log.debug("%s %s %s -> %s in %.3f s", *ended, failure, elapsed)
            return Outcome(*ended, failure=failure)
        status = response.status_code
        log.debug("%s %s %s -> HTTP %d in %.3f s", *ended, status, elapsed)
        if status == 429:
            self.progress.throttle()
        data = NOT_JSON
        if 200 <= status < 300:
            with suppress(ValueError):
                data = response.json(object_pairs_hook=hook, parse_int=_int_or_text)
        elif not credentials:
            reason = _reason(response)
        return Outcome(*ended, response=response, data=data, reason=reason, credentials=credentials)

    def _result(self, outcome: Outcome) -> Any:
        """The JSON of a success; else the one-line error saying how the request ended."""
        if retry_reason(outcome, self._max_retry_after) is not None:  # the attempts ran out
            raise self._exhausted(outcome)
        vendor, request, status = self.vendor, f"{outcome.method} {outcome.path}", outcome.status
        where = dict(vendor=vendor, status=status, method=outcome.method, path=outcome.path)
        said = f": {outcome.reason}" if outcome.reason else ""
        if 200 <= status < 300 and not outcome.credentials:
            return outcome.data
        if 200 <= status < 300:
            problem = "no usable access_token and expires_in"
            raise MalformedResponse(f"{vendor} sent {problem} on {request}.", **where)
        if status == 429:
            raise RateLimited(
                f"{vendor} rate-limited {request} (HTTP 429) and asked to wait "
                f"{retry_after(outcome):.0f} s, more than the {self._max_retry_after:g} s this "
                "client waits; try again later.",
                **where,
            )
        if status in (401, 403) or (outcome.credentials and status == 400):
            what = "the client credentials" if outcome.credentials else "the API token"
            verb = "refused" if outcome.credentials else "rejected"
            raise TokenRejected(
                f"{vendor} {verb} {what} on {request} (HTTP {status}{said}).", **where
            )
        if status in (400, 422):
            raise RequestRejected(f"{vendor} refused {request} (HTTP {status}){said}", **where)
        if status == 404:
            raise NotFound(f"{vendor} has no {request} (HTTP 404){said}", **where)
        if status >= 500:
            raise VendorUnavailable(
                f"{vendor} failed {request} (HTTP {status}{said}); try again later.", **where
            )
        raise VendorError(f"{vendor} answered {request} with HTTP {status}{said}", **where)

    def _exhausted(self, outcome: Outcome) -> VendorError:
        """The error for a request that failed in a retried way on every attempt."""
        request, status = f"{outcome.method} {outcome.path}", outcome.status
        said = f": {outcome.reason}" if outcome.reason else ""
        error: type[VendorError] = VendorUnavailable
        if outcome.response is None:
            message = f"did not answer {request} ({outcome.failure})"
        elif status == 429:
            error, message = RateLimited, f"still rate-limited {request} (HTTP 429{said})"
        elif 200 <= status < 300:
            kind = outcome.response.headers.get("content-type", "no content type")
            error, message = (
                MalformedResponse,
                f"sent a non-JSON body for {request} (HTTP {status}, {kind})",
            )
        else:
            message = f"is unavailable for {request} (HTTP {status}{said})"
        n = self._max_attempts
        return error(
            f"{self.vendor} {message} after {n} attempt{'s' if n > 1 else ''}; try again later.",
            vendor=self.vendor,
            status=status,
            method=outcome.method,
            path=outcome.path,
        )


def _int_or_text(digits: str) -> int | str:
    """A JSON integer as an int when it fits 64 bits, else its exact text (DuckDB's BIGINT and
    dlt's extract stop at 64 bits; an id of 20 digits is data, not an error)."""
    value = int(digits)
    return value if -(2**63) <= value < 2**63 else digits


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def _reason(response: httpx.Response) -> str:
    """The vendor's own words in an error body, on one line, the request's credential masked."""
    credential = response.request.headers.get("authorization", "").partition(" ")[2]
    text = _words(response)
    return one_line(text.replace(credential, "***") if credential else text)


def _words(response: httpx.Response) -> str:
    """A JSON error's detail/message/error, else the whole JSON, else the page's text."""
    try:
        body = response.json()
    except ValueError:  # an HTML error page (Occuspace's 404) or plain text: keep its words
        return html.unescape(re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]*>", " ", response.text))
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            if isinstance(body.get(key), str):
                return body[key]
    return body if isinstance(body, str) else dumps(body)
