"""Walking a Density v2 listing: every page the server serves, whatever its size, by `next`.

`next` may be an absolute URL (as documented) or a path: either is resolved against the URL of
the page that named it. A `next` on another origin than the base URL is never requested (the
token would go with it): it is Unreadable, like a root in no documented shape. An Unreadable
page ends its listing; the pages read before it are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx

from pipelines.density_v2.readings import NotRead, Page, read_page
from pipelines.http import Unreadable, VendorClient


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or {"http": 80, "https": 443}.get(url.scheme)


def unreadable(client: VendorClient, path: str, window: str, error: NotRead) -> None:
    """Record `error` on the client as one Unreadable line naming the request and window."""
    client.skip_unreadable(
        Unreadable.of(client.vendor, "GET", path, window, error.field, error.found)
    )


def read_records(
    client: VendorClient, path: str, window: str, records: list, read: Callable[[dict], dict]
) -> list[dict]:
    """`records` read one by one by `read`; one it cannot read is left out and recorded (once per
    page) as Unreadable, the others are kept."""
    rows, failed = [], None
    for record in records:
        try:
            rows.append(read(record))
        except NotRead as error:
            failed = failed or error
    if failed is not None:
        unreadable(client, path, window, failed)
    return rows


def listing(
    client: VendorClient,
    path: str,
    params: dict[str, Any] | None,
    page_size: int,
    window: str,
) -> Iterator[Page]:
    """Each page of GET `path` (`page_size` asked; the server may serve fewer), first to last."""
    # The client's own resolution of `path` on its base URL: it anchors relative links and gives
    # the one origin the token may go to.
    url = client.url_of(path)
    origin = _origin(url)
    body = client.get(path, {**(params or {}), "page_size": page_size})
    seen: set[str] = set()
    read = 0
    while True:
        try:
            page = read_page(body)
        except NotRead as error:
            unreadable(client, path, window, error)
            return
        read += len(page.results)
        yield page
        if page.next is None:
            if page.total is not None and read < page.total:
                unreadable(client, path, window, NotRead("results (fewer than total)", read))
            return
        url = url.join(page.next.strip())
        if _origin(url) != origin:
            unreadable(
                client, path, window, NotRead("next (a link on the base URL's host)", str(url))
            )
            return
        if str(url) in seen:
            unreadable(client, path, window, NotRead("next (a page not yet served)", str(url)))
            return
        seen.add(str(url))
        body = client.get(str(url))
