"""Reaching Density v3: OAuth client-credentials tokens, and the client paced for 15/s, burst 100."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from pipelines.client import RateLimiter, VendorClient
from pipelines.errors import MalformedResponse, TokenRejected, VendorUnavailable, one_line

log = logging.getLogger("pipelines.density_v3_auth")

VENDOR = "Density v3"
DEFAULT_BASE_URL = "https://api.density.io/v3"
REQUESTS_PER_SECOND, BURST = 15, 100  # per IP, at the vendor's edge
TOKEN_PATH = "/oauth/token"
CREDENTIALS_ENV = "DENSITY_CLIENT_ID and DENSITY_CLIENT_SECRET"
RENEW_MARGIN_SECONDS = 60.0  # renew this long before expiry (a fifth of a short lifetime)


class ClientCredentials:
    """OAuth access tokens for a machine client, fetched on first use and renewed before expiry.

    A `TokenSource` for `VendorClient`. The secret goes only into the token request's body; it is
    never logged or put in an error. Token requests pass through the client's `limiter`.
    """

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        limiter: RateLimiter,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_attempts: int = 4,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError(f"{CREDENTIALS_ENV} must both be set")
        self._url = token_url
        self._body = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        self._limiter = limiter
        self._http = httpx.Client(timeout=timeout, transport=transport)
        self._max_attempts = max_attempts
        self._clock = clock
        self._sleep = sleep
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()

    def token(self) -> str:
        """The current access token, fetching a new one when none is held or it is due."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = self._fetch()
                margin = min(RENEW_MARGIN_SECONDS, lifetime / 5)
                self._renew_at = self._clock() + lifetime - margin
                log.info("%s: new access token, valid for %.0f s", VENDOR, lifetime)
            return self._token

    def renew(self) -> None:
        """Drop the held token (the vendor refused it): the next `token()` fetches another."""
        with self._lock:
            self._token = None

    def close(self) -> None:
        self._http.close()

    def _fetch(self) -> tuple[str, float]:
        where: dict[str, Any] = dict(vendor=VENDOR, method="POST", path=TOKEN_PATH)
        failure = ""
        for attempt in range(1, self._max_attempts + 1):
            with self._limiter.slot():
                try:
                    response = self._http.post(self._url, json=self._body)
                except httpx.RequestError as exc:
                    response, failure = None, type(exc).__name__
            if response is not None:
                status = response.status_code
                if status == 200:
                    return _parse_token(response, where)
                reason = one_line(response.text.replace(self._body["client_secret"], "***"))
                if status in (400, 401, 403):
                    raise TokenRejected(
                        f"{VENDOR} refused the client credentials on POST {TOKEN_PATH} "
                        f"(HTTP {status}: {reason}); check {CREDENTIALS_ENV}.",
                        status=status,
                        **where,
                    )
                failure = f"HTTP {status}"
            if attempt < self._max_attempts:
                self._sleep(min(30.0, 0.5 * 2 ** (attempt - 1)))
        raise VendorUnavailable(
            f"{VENDOR} did not issue an access token on POST {TOKEN_PATH} ({failure}) after "
            f"{self._max_attempts} attempts; try again later.",
            **where,
        )


def _parse_token(response: httpx.Response, where: dict[str, Any]) -> tuple[str, float]:
    """(access_token, lifetime in seconds); the vendor sends `expires_in` as a string."""
    try:
        body = response.json()
        token, lifetime = body["access_token"], float(body["expires_in"])
    except (ValueError, KeyError, TypeError):
        token, lifetime = None, 0.0
    if (
        not isinstance(token, str)
        or not token.isascii()
        or not token.isprintable()
        or (" " in token or not token or lifetime <= 0)
    ):
        raise MalformedResponse(
            f"{VENDOR} sent no usable access_token and expires_in on POST {TOKEN_PATH}.",
            status=200,
            **where,
        )
    return token, lifetime


def density_v3_client(
    *,
    base_url: str = DEFAULT_BASE_URL,
    token: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    limiter: RateLimiter | None = None,
    transport: httpx.BaseTransport | None = None,
    **client_kwargs: Any,
) -> VendorClient:
    """A v3 client with OAuth client credentials, else the static token; paced for 15/s, burst 100.

    The credentials win when both are given: the static token also serves v2. Give every client
    of one machine the same `limiter`: the vendor counts requests per IP.
    """
    limiter = limiter or RateLimiter.per_second(REQUESTS_PER_SECOND, burst=BURST)
    if client_id and client_secret:
        source: Any = ClientCredentials(
            token_url=base_url.rstrip("/") + TOKEN_PATH,
            client_id=client_id,
            client_secret=client_secret,
            limiter=limiter,
            transport=transport,
        )
        env = CREDENTIALS_ENV
    elif token:
        source, env = token, "DENSITY_API_TOKEN"
    else:
        raise ValueError(f"{VENDOR} needs DENSITY_API_TOKEN, or {CREDENTIALS_ENV}")
    return VendorClient(
        vendor=VENDOR,
        base_url=base_url,
        token=source,
        token_env_var=env,
        limiter=limiter,
        transport=transport,
        **client_kwargs,
    )
