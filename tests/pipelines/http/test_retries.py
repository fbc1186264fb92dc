"""The one retry policy: what is retried, how long the client waits, and the final error."""

import logging
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from pipelines.http import (
    BearerToken,
    MalformedResponse,
    RateLimited,
    VendorClient,
    VendorUnavailable,
)
from tests.fixtures.http import TOKEN, fake_limiter, make_client

# --- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("retry_after", "wait"), [("0", 0.0), ("2", 2.0)])
def test_429_is_retried_after_exactly_the_retry_after(router, retry_after, wait):
    route = router.get("/spaces/").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": retry_after}),
            httpx.Response(200, json={}),
        ]
    )
    client, waits = make_client()
    assert client.get("spaces/") == {}
    assert waits == [wait]
    assert route.call_count == 2


def test_429_retry_after_as_an_http_date(router):
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=5), usegmt=True)
    future = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    router.get("/spaces/").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": past}),
            httpx.Response(200, json={}),
        ]
    )
    client, waits = make_client()
    assert client.get("spaces/") == {}
    assert waits == [0.0]
    router.get("/doorways/").respond(429, headers={"Retry-After": future})
    with pytest.raises(RateLimited, match=r"asked to wait 3[56]\d\d s"):
        client.get("doorways/")


def test_429_asking_for_too_long_a_wait_raises_at_once(router):
    route = router.get("/spaces/").respond(429, headers={"Retry-After": "3600"})
    client, waits = make_client()
    with pytest.raises(RateLimited) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        "Density v2 rate-limited GET /spaces/ (HTTP 429) and asked to wait 3600 s, "
        "more than the 120 s this client waits; try again later."
    )
    assert caught.value.status == 429
    assert (route.call_count, waits) == (1, [])


def test_429_without_retry_after_backs_off_and_exhausted_raises_rate_limited(router):
    route = router.get("/spaces/").respond(429, json={"detail": "Request was throttled."})
    client, waits = make_client(max_attempts=3)
    with pytest.raises(RateLimited) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        "Density v2 still rate-limited GET /spaces/ (HTTP 429: Request was throttled.) "
        "after 3 attempts; try again later."
    )
    assert (route.call_count, waits) == (3, [0.5, 1.0])


def test_server_errors_are_retried_with_exponential_backoff(router):
    router.get("/spaces/").mock(
        side_effect=[httpx.Response(503), httpx.Response(502), httpx.Response(200, json={"ok": 1})]
    )
    client, waits = make_client()
    assert client.get("spaces/") == {"ok": 1}
    assert waits == [0.5, 1.0]


def test_exhausted_server_errors_raise_vendor_unavailable_with_capped_backoff(router):
    route = router.get("/spaces/").respond(503, text="Service Unavailable")
    client, waits = make_client(backoff_max=2.0)
    with pytest.raises(VendorUnavailable) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        "Density v2 is unavailable for GET /spaces/ (HTTP 503: Service Unavailable) "
        "after 6 attempts; try again later."
    )
    assert (caught.value.status, route.call_count) == (503, 6)
    assert waits == [0.5, 1.0, 2.0, 2.0, 2.0]


def test_timeouts_and_dropped_connections_are_retried(router):
    router.get("/spaces/").mock(
        side_effect=[
            httpx.ReadTimeout,
            httpx.RemoteProtocolError("peer closed connection without sending complete body"),
            httpx.ConnectError,
            httpx.Response(200, json={"total": 0}),
        ]
    )
    client, waits = make_client()
    assert client.get("spaces/") == {"total": 0}
    assert waits == [0.5, 1.0, 2.0]


@pytest.mark.parametrize(
    ("failure", "said"),
    [(httpx.ConnectTimeout, "timeout after 30 s"), (httpx.ConnectError, "ConnectError")],
)
def test_exhausted_transport_failures_raise_vendor_unavailable(router, failure, said):
    router.get("/spaces/").mock(side_effect=failure)
    client, _ = make_client(max_attempts=2)
    with pytest.raises(VendorUnavailable) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        f"Density v2 did not answer GET /spaces/ ({said}) after 2 attempts; try again later."
    )
    assert caught.value.status is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<html><body>Maintenance</body></html>", "text/html"),
        ('{"total": 1, "res', "application/json"),
    ],
)
def test_malformed_body_is_retried_then_raises(router, body, content_type):
    route = router.get("/spaces/").respond(200, text=body, headers={"Content-Type": content_type})
    client, waits = make_client()
    with pytest.raises(MalformedResponse) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        f"Density v2 sent a non-JSON body for GET /spaces/ (HTTP 200, {content_type}) "
        "after 6 attempts; try again later."
    )
    assert (route.call_count, len(waits)) == (6, 5)


def test_malformed_body_then_good_body_succeeds(router):
    router.get("/spaces/").mock(
        side_effect=[httpx.Response(200, text="<html>"), httpx.Response(200, json={"total": 2})]
    )
    client, waits = make_client()
    assert client.get("spaces/") == {"total": 2}
    assert waits == [0.5]


def test_real_connection_dropped_mid_body_is_retried_and_nothing_logs_the_token(caplog):
    caplog.set_level(logging.DEBUG)
    seen: list[str | None] = []

    class Vendor(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            body = b'{"total": 0}'
            self.send_header("Content-Length", "100" if len(seen) == 1 else str(len(body)))
            self.end_headers()
            self.wfile.write(body[:5] if len(seen) == 1 else body)
            self.close_connection = len(seen) == 1

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Vendor)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    waits: list[float] = []
    try:
        with VendorClient(
            vendor="Density v2",
            base_url=f"http://127.0.0.1:{server.server_port}/v2",
            auth=BearerToken(TOKEN),
            limiter=fake_limiter(),
            timeout=5,
            sleep=waits.append,
        ) as client:
            assert client.get("/spaces/") == {"total": 0}
    finally:
        server.shutdown()
        server.server_close()

    assert seen == [f"Bearer {TOKEN}"] * 2
    assert waits == [0.5]
    messages = [record.getMessage() for record in caplog.records]
    assert any("RemoteProtocolError" in m for m in messages)
    assert any(m.startswith("HTTP Request: GET http://127.0.0.1") for m in messages)  # httpx
    assert not any(TOKEN in m for m in messages)
