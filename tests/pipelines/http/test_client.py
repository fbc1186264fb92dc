"""The vendor HTTP client: pagination, retries, one-line errors, rate limiting, no token leaks."""

from __future__ import annotations

import logging
import pickle
import random
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import respx

from pipelines.client import RateLimiter, VendorClient
from pipelines.errors import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    VendorError,
    VendorUnavailable,
)

TOKEN = "tok_PLANTED_SECRET_123"
BASE = "https://api.density.io/v2"


class FakeTime:
    """A clock that moves only when something sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


def make_client(limiter: RateLimiter | None = None, **kwargs) -> tuple[VendorClient, list[float]]:
    """A Density v2 client whose backoff waits are recorded in the returned list, not slept."""
    waits: list[float] = []
    if limiter is None:
        fake = FakeTime()
        limiter = RateLimiter(60, 60, clock=fake.clock, sleep=fake.sleep)
    client = VendorClient(
        vendor="Density v2",
        base_url=BASE,
        token=TOKEN,
        token_env_var="DENSITY_API_TOKEN",
        limiter=limiter,
        sleep=waits.append,
        **kwargs,
    )
    return client, waits


@pytest.fixture
def router():
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


def assert_within_limit(intervals: list[tuple[float, float]], limit: int, period: float) -> None:
    """No window [a, a + period), aligned or not, meets more than `limit` (send, completion)
    intervals: wherever in its interval each request reached the vendor, the vendor counted at
    most `limit`. Windows starting at a completion are the worst ones."""
    for start in sorted({done for _, done in intervals}):
        met = [(s, c) for s, c in intervals if s < start + period and c >= start]
        assert len(met) <= limit, f"{len(met)} requests met [{start}, {start + period})"
    for k in range(int(max(c for _, c in intervals) // period) + 1):
        met = [(s, c) for s, c in intervals if s < (k + 1) * period and c >= k * period]
        assert len(met) <= limit, f"{len(met)} requests met the fixed window {k}"


# --- requests and pagination ---------------------------------------------------------------


def test_token_travels_only_in_the_authorization_header(router):
    route = router.get("/spaces/").respond(json={"total": 0, "next": None, "results": []})
    client, _ = make_client()
    assert client.get("spaces/", {"page": 1})["total"] == 0
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert str(request.url) == f"{BASE}/spaces/?page=1"


def test_post_sends_a_json_body(router):
    route = router.post("/analytics/metrics").respond(json={"spc_1": {}})
    client, _ = make_client()
    assert client.post("/analytics/metrics", {"space_ids": ["spc_1"]}) == {"spc_1": {}}
    assert route.calls.last.request.content == b'{"space_ids":["spc_1"]}'
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_paginate_follows_absolute_next_urls_and_yields_every_root(router):
    def spaces(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", 1))
        following = f"{BASE}/spaces/?doorway_id=drw_1&page={page + 1}&page_size=2"
        return httpx.Response(
            200,
            json={
                "total": 5,
                "next": following if page < 3 else None,
                "previous": None,
                "results": [{"id": f"spc_{i}"} for i in range(2 * page - 1, min(2 * page, 5) + 1)],
            },
        )

    route = router.get("/spaces/").mock(side_effect=spaces)
    client, _ = make_client()
    pages = list(client.paginate("spaces/", {"doorway_id": "drw_1"}, page_size=2))

    assert [page["total"] for page in pages] == [5, 5, 5]
    assert [s["id"] for page in pages for s in page["results"]] == [f"spc_{i}" for i in range(1, 6)]
    urls = [str(call.request.url) for call in route.calls]
    assert urls == [
        f"{BASE}/spaces/?doorway_id=drw_1&page_size=2",
        f"{BASE}/spaces/?doorway_id=drw_1&page=2&page_size=2",
        f"{BASE}/spaces/?doorway_id=drw_1&page=3&page_size=2",
    ]


def test_paginate_accepts_the_base_origin_with_an_explicit_default_port(router):
    router.get("/spaces/", params={"page": "2"}).respond(json={"total": 1, "next": None})
    router.get("/spaces/").respond(
        json={"total": 1, "next": "https://api.density.io:443/v2/spaces/?page=2"}
    )
    client, _ = make_client()
    assert len(list(client.paginate("spaces/"))) == 2


@pytest.mark.parametrize(
    "foreign",
    [
        "https://evil.example/v2/spaces/?page=2",
        "http://api.density.io/v2/spaces/?page=2",
        "https://api.density.io:8443/v2/spaces/?page=2",
        "https://api.density.io@evil.example/v2/spaces/?page=2",
    ],
)
def test_paginate_refuses_a_next_url_on_another_origin(router, foreign):
    router.get("/spaces/").respond(json={"total": 9, "next": foreign, "results": []})
    client, _ = make_client()
    pages = client.paginate("spaces/")
    assert next(pages)["total"] == 9
    with pytest.raises(VendorError, match="refusing to send the API token") as caught:
        next(pages)
    assert type(caught.value) is VendorError
    assert len(router.calls) == 1  # nothing was sent to the foreign origin


def test_paginate_rejects_a_page_that_is_not_an_object_and_a_looping_next_link(router):
    router.get("/doorways/").respond(json=[{"id": "drw_1"}])
    loop = f"{BASE}/spaces/?page=2"
    router.get("/spaces/").respond(json={"count": 1, "next": loop, "results": []})
    client, _ = make_client()
    with pytest.raises(MalformedResponse, match="not a paginated JSON object for GET /doorways/"):
        list(client.paginate("doorways/"))
    with pytest.raises(MalformedResponse, match="next-page link it had already sent"):
        list(client.paginate("spaces/"))


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


# --- refusals: raised at once, one line, the vendor's reason --------------------------------


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_token_raises_at_once_naming_the_env_var(router, status):
    route = router.get("/spaces/").respond(status, json={"detail": "Invalid token."})
    client, waits = make_client()
    with pytest.raises(TokenRejected) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        f"Density v2 rejected the API token on GET /spaces/ (HTTP {status}: Invalid token.); "
        "check DENSITY_API_TOKEN."
    )
    assert (route.call_count, waits) == (1, [])
    assert (caught.value.vendor, caught.value.status) == ("Density v2", status)
    assert (caught.value.method, caught.value.path) == ("GET", "/spaces/")


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (
            400,
            {"detail": "Window too\n   long:  at most 31 days."},
            "Window too long: at most 31 days.",
        ),
        (400, {"code": 3, "message": "range exceeds 60 days"}, "range exceeds 60 days"),
        (
            422,
            {"start_time": ["Enter a valid date/time."]},
            '{"start_time": ["Enter a valid date/time."]}',
        ),
    ],
)
def test_bad_request_carries_the_vendors_reason(router, status, body, reason):
    route = router.get("/spaces/spc_1/counts/").respond(status, json=body)
    client, waits = make_client()
    with pytest.raises(RequestRejected) as caught:
        client.get("spaces/spc_1/counts/", {"start_time": "2024-01-01T00:00:00Z"})
    assert (
        str(caught.value)
        == f"Density v2 refused GET /spaces/spc_1/counts/ (HTTP {status}): {reason}"
    )
    assert (route.call_count, waits) == (1, [])


def test_a_long_reason_is_cut_and_stays_one_line(router):
    router.get("/spaces/").respond(400, text="bad\n" * 500)
    client, _ = make_client()
    with pytest.raises(RequestRejected) as caught:
        client.get("spaces/")
    message = str(caught.value)
    assert "\n" not in message and message.endswith("...")
    assert len(message) < 400


def test_html_404_raises_not_found_with_the_pages_text(router):
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
        "<style>body { color: red }</style>\n</head>\n<body>\n<pre>Cannot GET /v2/nope</pre>\n"
        "</body>\n</html>\n"
    )
    route = router.get("/nope").respond(404, text=page, headers={"Content-Type": "text/html"})
    client, _ = make_client()
    with pytest.raises(NotFound) as caught:
        client.get("/nope")
    assert str(caught.value) == "Density v2 has no GET /nope (HTTP 404): Error Cannot GET /v2/nope"
    assert route.call_count == 1


def test_other_client_errors_raise_the_base_error_at_once(router):
    route = router.get("/spaces/").respond(409, json={"detail": "Conflict."})
    client, _ = make_client()
    with pytest.raises(VendorError) as caught:
        client.get("spaces/")
    assert type(caught.value) is VendorError
    assert str(caught.value) == "Density v2 answered GET /spaces/ with HTTP 409: Conflict."
    assert route.call_count == 1


def test_a_token_that_cannot_be_a_header_is_refused_without_echoing_it():
    fake = FakeTime()
    with pytest.raises(ValueError, match="DENSITY_API_TOKEN") as caught:
        VendorClient(
            vendor="Density v2",
            base_url=BASE,
            token=TOKEN + "\n",
            token_env_var="DENSITY_API_TOKEN",
            limiter=RateLimiter(1, 1, clock=fake.clock, sleep=fake.sleep),
        )
    assert TOKEN not in str(caught.value)


# --- the rate limiter ------------------------------------------------------------------------


def test_limiter_keeps_130_calls_within_60_per_minute(router):
    fake = FakeTime()
    arrivals: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        arrivals.append(fake.now)
        return httpx.Response(200, json={})

    router.get("/spaces/").mock(side_effect=answer)
    client, _ = make_client(RateLimiter(60, 60, clock=fake.clock, sleep=fake.sleep))
    for _ in range(130):
        client.get("spaces/")

    assert fake.now >= 120
    assert Counter(int(t // 60) for t in arrivals) == {0: 60, 1: 60, 2: 10}
    assert_within_limit([(t, t) for t in arrivals], 60, 60)


def test_limiter_stamps_on_completion_so_slow_responses_cannot_overshoot(router):
    fake = FakeTime()
    intervals: list[tuple[float, float]] = []
    latencies = iter([10.5, 0.0, 0.0])

    def slow(request: httpx.Request) -> httpx.Response:
        sent = fake.now
        fake.now += next(latencies)
        intervals.append((sent, fake.now))
        return httpx.Response(200, json={})

    router.get("/spaces/").mock(side_effect=slow)
    client, _ = make_client(RateLimiter(2, 10, clock=fake.clock, sleep=fake.sleep))
    for _ in range(3):
        client.get("spaces/")
    # The first request may reach the vendor as late as 10.5, in the window [10, 20): stamped at
    # its send (0), the third request would go at 10.5 and make three arrivals in that window.
    assert [sent for sent, _ in intervals] == [0.0, 10.5, 20.5]
    assert_within_limit(intervals, 2, 10)


def test_limiter_holds_with_random_slow_responses(router):
    fake = FakeTime()
    rng = random.Random(7)
    intervals: list[tuple[float, float]] = []

    def slow(request: httpx.Request) -> httpx.Response:
        sent = fake.now
        fake.now += rng.choice([0.0, 0.0, 0.3, 2.5, 9.9, 10.0, 14.0])
        intervals.append((sent, fake.now))
        return httpx.Response(200, json={})

    router.get("/spaces/").mock(side_effect=slow)
    client, _ = make_client(RateLimiter(5, 10, clock=fake.clock, sleep=fake.sleep))
    for _ in range(80):
        client.get("spaces/")
    assert_within_limit(intervals, 5, 10)


def test_every_retry_attempt_passes_through_the_limiter(router):
    fake = FakeTime()
    sent: list[float] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        sent.append(fake.now)
        return httpx.Response(503 if len(sent) < 3 else 200, json={})

    router.get("/spaces/").mock(side_effect=flaky)
    client, waits = make_client(RateLimiter(2, 10, clock=fake.clock, sleep=fake.sleep))
    assert client.get("spaces/") == {}
    assert waits == [0.5, 1.0]  # the backoff (recorded, not slept on the fake clock)
    assert sent == [0.0, 0.0, 10.0]  # the third attempt waited for the limiter
    assert fake.sleeps == [10.0]


def test_limiter_is_thread_safe():
    fake = FakeTime()
    limiter = RateLimiter(5, 10, clock=fake.clock, sleep=fake.sleep)
    intervals: list[tuple[float, float]] = []
    record = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(10):
            limiter.acquire()
            sent = fake.clock()
            fake.sleep(rng.choice([0.0, 0.5, 4.0]))  # the request is in flight
            with record:
                intervals.append((sent, fake.clock()))
            limiter.release()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not any(thread.is_alive() for thread in threads)
    assert len(intervals) == 80
    assert_within_limit(intervals, 5, 10)


def test_per_second_limiter_conforms_to_a_token_bucket():
    fake = FakeTime()
    limiter = RateLimiter.per_second(15, burst=100, clock=fake.clock, sleep=fake.sleep)
    sent = []
    for _ in range(250):
        with limiter.slot():
            sent.append(fake.now)
    assert sent[99] == 0.0 and sent[100] == pytest.approx(100 / 15)
    for i in range(len(sent)):
        for j in range(i, len(sent)):
            assert j - i + 1 <= 100 + 15 * (sent[j] - sent[i]) + 1e-9


# --- the token never leaks -------------------------------------------------------------------


def _echoing_routes(router, scenario: str) -> str:
    """Mock `scenario`, with the vendor echoing the token wherever it can; return the path."""
    echo = {"detail": f"Invalid token {TOKEN}"}
    routes = {
        "403": lambda r: r.respond(403, json=echo),
        "401": lambda r: r.respond(401, json=echo),
        "400": lambda r: r.respond(400, json=echo),
        "404": lambda r: r.respond(404, text=f"<html><pre>{TOKEN}</pre></html>"),
        "409": lambda r: r.respond(409, json=echo),
        "429-long": lambda r: r.respond(429, headers={"Retry-After": "999"}, json=echo),
        "429": lambda r: r.respond(429, headers={"Retry-After": "1"}, json=echo),
        "503": lambda r: r.respond(503, json=echo),
        "timeout": lambda r: r.mock(side_effect=httpx.ReadTimeout(f"timed out {TOKEN}")),
        "dropped": lambda r: r.mock(side_effect=httpx.RemoteProtocolError(f"closed {TOKEN}")),
        "malformed": lambda r: r.respond(200, text=f"<html>{TOKEN}</html>"),
        "foreign": lambda r: r.respond(json={"next": f"https://evil.example/?t={TOKEN}"}),
    }
    routes[scenario](router.get("/spaces/"))
    return "spaces/"


@pytest.mark.parametrize(
    ("scenario", "error"),
    [
        ("403", TokenRejected),
        ("401", TokenRejected),
        ("400", RequestRejected),
        ("404", NotFound),
        ("409", VendorError),
        ("429-long", RateLimited),
        ("429", RateLimited),
        ("503", VendorUnavailable),
        ("timeout", VendorUnavailable),
        ("dropped", VendorUnavailable),
        ("malformed", MalformedResponse),
        ("foreign", VendorError),
    ],
)
def test_the_token_appears_in_no_error_repr_pickle_or_log(router, caplog, scenario, error):
    caplog.set_level(logging.DEBUG)
    client, _ = make_client(max_attempts=3)
    path = _echoing_routes(router, scenario)
    with pytest.raises(VendorError) as caught:
        list(client.paginate(path)) if scenario == "foreign" else client.get(path)
        logging.getLogger("test").exception("the load failed")  # a caller logging it
    exc = caught.value
    logging.getLogger("test").error("the load failed", exc_info=(type(exc), exc, exc.__traceback__))

    assert type(exc) is error
    assert "\n" not in str(exc) and "Density v2" in str(exc)
    assert exc.__cause__ is None and exc.__context__ is None  # no httpx object, no header
    for text in (str(exc), repr(exc), pickle.dumps(exc)):
        assert (TOKEN.encode() if isinstance(text, bytes) else TOKEN) not in text
    copy = pickle.loads(pickle.dumps(exc))
    assert (type(copy), str(copy)) == (type(exc), str(exc))
    assert (copy.vendor, copy.status, copy.method, copy.path) == (
        exc.vendor,
        exc.status,
        exc.method,
        exc.path,
    )
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert TOKEN not in logged
    assert "pipelines.client DEBUG" in logged or scenario == "foreign"
    if scenario in ("429", "503", "timeout", "dropped", "malformed"):
        assert logged.count("pipelines.client WARNING") == 2  # attempts 1/3 and 2/3


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
    fake = FakeTime()
    waits: list[float] = []
    try:
        with VendorClient(
            vendor="Density v2",
            base_url=f"http://127.0.0.1:{server.server_port}/v2",
            token=TOKEN,
            token_env_var="DENSITY_API_TOKEN",
            limiter=RateLimiter(60, 60, clock=fake.clock, sleep=fake.sleep),
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


# --- a token source (OAuth) ------------------------------------------------------------------


class Tokens:
    """A token source handing out `tok_1`, `tok_2`, ... and counting renewals."""

    def __init__(self) -> None:
        self.issued, self.renewals = 1, 0

    def token(self) -> str:
        return f"tok_{self.issued}"

    def renew(self) -> None:
        self.renewals += 1
        self.issued += 1


def test_a_token_source_is_asked_per_request_and_renewed_once_on_401(router):
    def spaces(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer tok_1":
            return httpx.Response(401, json={"message": "token tok_1 expired"})
        return httpx.Response(200, json={"total": 0})

    route = router.get("/spaces/").mock(side_effect=spaces)
    tokens = Tokens()
    client = VendorClient(
        vendor="Density v3",
        base_url=BASE,
        token=tokens,
        token_env_var="DENSITY_CLIENT_ID",
        limiter=RateLimiter(60, 60),
    )
    assert client.get("spaces/") == {"total": 0}
    assert [c.request.headers["Authorization"] for c in route.calls] == [
        "Bearer tok_1",
        "Bearer tok_2",
    ]
    assert tokens.renewals == 1

    router.get("/doorways/").mock(
        side_effect=lambda request: httpx.Response(
            401, json={"message": f"refused {request.headers['Authorization']}"}
        )
    )
    with pytest.raises(TokenRejected, match="DENSITY_CLIENT_ID") as caught:
        client.get("doorways/")
    assert tokens.renewals == 2 and caught.value.status == 401  # renewed once, then refused
    assert "refused Bearer ***" in str(caught.value) and "tok_3" not in str(caught.value)
    router.get("/sensors/").respond(403, json={"message": "forbidden"})
    with pytest.raises(TokenRejected):
        client.get("sensors/")
    assert tokens.renewals == 2  # a 403 is not about the token's age
