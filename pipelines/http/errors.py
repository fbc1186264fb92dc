"""Errors of the vendor HTTP client.

`str()` of each is one line a user can act on: the vendor, the request (method and path, never
headers or the token), the HTTP status and the vendor's own reason. They hold plain values only
(no request or response object, so nothing that carries the Authorization header) and pickle
cleanly, so Dagster can ship them between processes.
"""

from __future__ import annotations


def one_line(text: str, limit: int = 300) -> str:
    """`text` with its whitespace collapsed to single spaces, cut to at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


class VendorError(Exception):
    """A vendor API call failed. The keyword fields default so that the error unpickles."""

    def __init__(
        self,
        message: str,
        *,
        vendor: str = "",
        status: int | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        super().__init__(" ".join(message.split()))
        self.vendor = vendor
        self.status = status
        self.method = method
        self.path = path


class TokenRejected(VendorError):
    """401/403: the token is missing, invalid, or not allowed to make this request."""


class RequestRejected(VendorError):
    """400/422: the vendor refused the request itself (a bad parameter, a window too long)."""


class NotFound(VendorError):
    """404: no such resource (or endpoint)."""


class RateLimited(VendorError):
    """429 still answered after the retries, or a Retry-After longer than the client may wait."""


class VendorUnavailable(VendorError):
    """5xx, timeouts or dropped connections, still failing after the retries."""


class MalformedResponse(VendorError):
    """A body that is not the JSON expected (an HTML page is never data), after the retries."""


class Unreadable(VendorError):
    """A 2xx answer in none of the shapes the vendor docs allow for one field. Sources record
    it on the client (`VendorClient.skip_unreadable`) and go on with the other requests; the
    run loads what it read, then fails with this line."""

    @classmethod
    def of(
        cls, vendor: str, method: str, path: str, window: str, field: str, found: str
    ) -> Unreadable:
        """`vendor method path for window: cannot read field (found)`: one line to act on."""
        return cls(
            f"{vendor} {method} {path} for {window}: cannot read {field} ({one_line(found, 120)});"
            " the other responses were loaded, re-run this window once it reads.",
            vendor=vendor,
            status=200,
            method=method,
            path=path,
        )
