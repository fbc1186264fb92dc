"""Credentials as `httpx.Auth`: a fixed bearer token, or OAuth client credentials.

Neither puts its secret in a log line, an exception or a URL. Neither knows the vendor or where
its secret came from: `VendorClient` words the errors, and whoever read the environment adds
which variable to check.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator

import httpx

from pipelines.http.errors import one_line

log = logging.getLogger(__name__)

RENEW_MARGIN_SECONDS = 60.0  # renew this long before expiry (a fifth of a short lifetime)

Flow = Generator[httpx.Request, httpx.Response, None]


def _fits_a_header(token: object) -> bool:
    return (
        isinstance(token, str)
        and bool(token)
        and token.isascii()
        and token.isprintable()
        and " " not in token
    )


class BearerToken(httpx.Auth):
    """A fixed API token, sent as `Authorization: Bearer <token>`."""

    def __init__(self, token: str) -> None:
        if not _fits_a_header(token):
            raise ValueError(
                "the API token must be non-empty ASCII without spaces or control chars"
            )
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Flow:
        request.headers["Authorization"] = self._header
        yield request


class TokenNotIssued(Exception):
    """The token endpoint's answer held no usable access token: `VendorClient` words it (and
    retries it if the policy says so) and never lets it out, for its `response` still holds
    the request and so the secret. `reason` is the body on one line, the secret masked."""

    def __init__(self, response: httpx.Response, reason: str) -> None:
        super().__init__(f"the token endpoint answered HTTP {response.status_code}")
        self.response = response
        self.reason = reason


class ClientCredentials(httpx.Auth):
    """OAuth client credentials, for a sync `httpx.Client`: an access token fetched on first
    use and renewed before it expires (a minute early, or a fifth of its lifetime if that is
    shorter); on a 401 from the API, renewed once and the request repeated once.

    The token request (POST `token_url`, the credentials in a JSON body, the timeout of the
    request it authenticates) goes through the client sending the API request: through its
    rate limiter, and retried by its policy as part of that request's attempt. Thread-safe: one
    token at a time, shared by every thread.
    """

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("OAuth client credentials need both a client id and a client secret")
        self._url = httpx.URL(token_url)
        self._body = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        self._clock = clock
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()  # held while a token is fetched: the others wait for it

    def sync_auth_flow(self, request: httpx.Request) -> Flow:
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                yield from self._fetch(request)
            token = self._token
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        log.info(
            "%s %s: the access token was refused (HTTP 401); renewing it once",
            request.method,
            request.url.path,
        )
        with self._lock:
            if self._token == token:  # no other thread has renewed it meanwhile
                yield from self._fetch(request)
            token = self._token
        request.headers["Authorization"] = f"Bearer {token}"
        yield request

    def _fetch(self, request: httpx.Request) -> Flow:
        """Ask the token endpoint for a new access token; raise `TokenNotIssued` if it gives none."""
        timeout = request.extensions.get("timeout", {})
        response = yield httpx.Request(
            "POST", self._url, json=self._body, extensions={"timeout": timeout}
        )
        response.read()
        token, lifetime = _parse_token(response)
        if token is None:
            reason = one_line(response.text.replace(self._body["client_secret"], "***"))
            raise TokenNotIssued(response, reason)
        self._token = token
        self._renew_at = self._clock() + lifetime - min(RENEW_MARGIN_SECONDS, lifetime / 5)
        log.info("%s: new access token, valid for %.0f s", self._url.host, lifetime)


def _parse_token(response: httpx.Response) -> tuple[str | None, float]:
    """(access_token, lifetime in seconds) of a 200, else (None, 0); `expires_in` may be a string."""
    if response.status_code != 200:
        return None, 0.0
    try:
        body = response.json()
        token, lifetime = body["access_token"], float(body["expires_in"])
    except (ValueError, KeyError, TypeError):
        return None, 0.0
    if not _fits_a_header(token) or lifetime <= 0:
        return None, 0.0
    return token, lifetime
