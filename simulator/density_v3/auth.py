"""Density v3 OAuth: client-credentials access tokens that expire, issued and checked."""

import math
import secrets
import threading
import time
from collections.abc import Callable, Mapping

from simulator.http.vendor_api import ApiError


class OAuthIssuer:
    """Client-credentials access tokens that expire `lifetime` seconds after they are issued."""

    def __init__(
        self,
        clients: Mapping[str, str],
        lifetime: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clients = dict(clients)
        self._lifetime = lifetime
        self._clock = clock
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, body: dict) -> dict:
        """`POST /oauth/token`: 400 for a malformed request, 401 for unknown credentials."""
        if body.get("grant_type") != "client_credentials":
            raise ApiError(400, "grant_type must be client_credentials")
        client_id, secret = body.get("client_id"), body.get("client_secret")
        if not isinstance(client_id, str) or not isinstance(secret, str):
            raise ApiError(400, "client_id and client_secret are required")
        if not secrets.compare_digest(self._clients.get(client_id, "\0"), secret):
            raise ApiError(401, "unable to authorize client")
        lifetime = self._lifetime
        duration = body.get("token_duration")
        if isinstance(duration, int) and duration > 0:
            lifetime = min(lifetime, duration)
        token = "eyJhbGciOiJSUzI1NiJ9." + secrets.token_urlsafe(24)
        now = self._clock()
        with self._lock:
            self._expiry = {t: e for t, e in self._expiry.items() if e > now}
            self._expiry[token] = now + lifetime
        return {
            "access_token": token,
            "expires_in": str(math.floor(lifetime)),
            "token_type": "Bearer",
        }

    def active(self, token: str) -> bool:
        """Whether this access token was issued here and has not expired."""
        with self._lock:
            return self._expiry.get(token, 0.0) > self._clock()
