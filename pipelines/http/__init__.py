"""The HTTP layer shared by every vendor API: client, credentials, pacing, retries, errors.

    limiter = RateLimiter(60, 60)  # one per quota: share it between the clients that spend it
    with VendorClient(
        vendor="Density v2", base_url=url, auth=BearerToken(token), limiter=limiter
    ) as client:
        for page in client.paginate("spaces/"):
            ...

- `client`: `VendorClient`, JSON over GET/POST and pagination, credentials sent to the base
  URL's origin only, every failure one line naming the vendor, the request and its reason.
- `auth`: `BearerToken` (a fixed token) and `ClientCredentials` (OAuth, renewed before expiry
  and once on a 401), both `httpx.Auth`.
- `ratelimit`: `RateLimiter`, applied to every request on the wire, token requests included.
- `retry`: the one retry policy; `retry_reason` says what counts as a retry.
- `errors`: `VendorError` and its kinds; plain values only, safe to log and pickle.
  `Unreadable` is a 2xx answer in no documented shape: recorded with
  `VendorClient.skip_unreadable`, the run loads the rest and fails with it after the load.
"""

from pipelines.http.auth import BearerToken, ClientCredentials
from pipelines.http.client import VendorClient
from pipelines.http.errors import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    Unreadable,
    VendorError,
    VendorUnavailable,
)
from pipelines.http.ratelimit import RateLimiter

__all__ = [
    "BearerToken",
    "ClientCredentials",
    "MalformedResponse",
    "NotFound",
    "RateLimited",
    "RateLimiter",
    "RequestRejected",
    "TokenRejected",
    "Unreadable",
    "VendorClient",
    "VendorError",
    "VendorUnavailable",
]
