"""The vendor HTTP client: requests, pagination, the origin check and one-line refusals."""

import httpx
import pytest

from pipelines.http import (
    MalformedResponse,
    NotFound,
    RequestRejected,
    TokenRejected,
    VendorError,
)
from tests.fixtures.http import BASE, TOKEN, make_client

# --- requests and pagination ---------------------------------------------------------------


def test_token_travels_only_in_the_authorization_header(router):
    route = router.get("/spaces/").respond(json={"total": 0, "next": None, "results": []})
    client, _ = make_client()
    assert client.get("spaces/", {"page": 1})["total"] == 0
    request = route.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert str(request.url) == f"{BASE}/spaces/?page=1"


def test_an_integer_beyond_64_bits_is_kept_as_its_exact_text(router):
    body = b'{"id": 18446744073709551623, "capacity": 40, "low": -9223372036854775808}'
    router.get("/spaces/spc_1/").respond(content=body, headers={"content-type": "application/json"})
    client, _ = make_client()
    space = client.get("spaces/spc_1/")
    assert space == {"id": "18446744073709551623", "capacity": 40, "low": -(2**63)}


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


# --- refusals: raised at once, one line, the vendor's reason --------------------------------


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_token_raises_at_once_with_the_vendors_reason(router, status):
    route = router.get("/spaces/").respond(status, json={"detail": "Invalid token."})
    client, waits = make_client()
    with pytest.raises(TokenRejected) as caught:
        client.get("spaces/")
    assert str(caught.value) == (
        f"Density v2 rejected the API token on GET /spaces/ (HTTP {status}: Invalid token.)."
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
