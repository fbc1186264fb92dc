"""Walking a Density v2 listing with respx: every page by `next`, wherever it points, or one line."""

import httpx
import pytest
import respx

from pipelines.density_v2.pages import listing
from tests.fixtures.http import BASE, TOKEN, make_client

WINDOW = "2026-03-01T00:00:00Z..2026-03-02T00:00:00Z"


def _page(rows, next_link=None, **root):
    return httpx.Response(200, json={**root, "next": next_link, "previous": None, "results": rows})


@pytest.fixture
def router():
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


def _walk(client, path="/spaces/", page_size=1000):
    return [row for page in listing(client, path, None, page_size, WINDOW) for row in page.results]


@pytest.mark.parametrize(
    "second",
    [f"{BASE}/spaces/?page=2&page_size=5000", "/v2/spaces/?page=2&page_size=5000", "?page=2"],
    ids=["absolute", "host-relative", "query-only"],
)
def test_next_absolute_or_relative_is_followed_on_the_base_url(router, second):
    route = router.get("/spaces/").mock(
        side_effect=lambda request: (
            _page([{"id": "b"}], None, total=2)
            if request.url.params.get("page") == "2"
            else _page([{"id": "a"}], second, total=2)
        )
    )
    client, _ = make_client()
    assert _walk(client, page_size=5000) == [{"id": "a"}, {"id": "b"}]
    assert [str(call.request.url.host) for call in route.calls] == ["api.density.io"] * 2
    assert client.unreadable == []


def test_a_server_capping_pages_at_1000_is_followed_to_the_last_row(router):
    rows = [{"id": f"evt_{i}"} for i in range(2500)]

    def capped(request):
        page = int(request.url.params.get("page", 1))
        size = min(int(request.url.params["page_size"]), 1000)
        last = page * size >= len(rows)
        link = None if last else f"{BASE}/spaces/?page={page + 1}&page_size={size}"
        return _page(rows[(page - 1) * size : page * size], link, count=len(rows))

    route = router.get("/spaces/").mock(side_effect=capped)
    client, _ = make_client()
    assert _walk(client, page_size=5000) == rows
    assert route.call_count == 3 and client.unreadable == []


def test_a_next_on_another_host_is_never_requested_and_is_one_line(router):
    elsewhere = router.get("https://evil.example/v2/spaces/").mock(return_value=_page([]))
    router.get("/spaces/").mock(
        return_value=_page([{"id": "a"}], "https://evil.example/v2/spaces/?page=2")
    )
    client, _ = make_client()
    assert _walk(client) == [{"id": "a"}]  # what was read is kept
    assert not elsewhere.called
    (error,) = client.unreadable
    assert str(error) == (
        f"Density v2 GET /spaces/ for {WINDOW}: cannot read next (a link on the base URL's host)"
        " ('https://evil.example/v2/spaces/?page=2'); the other responses were loaded, re-run"
        " this window once it reads."
    )
    assert TOKEN not in str(error) and "\n" not in str(error)


def test_a_root_in_no_reading_ends_the_listing_and_keeps_the_pages_before(router):
    router.get("/spaces/").mock(
        side_effect=lambda request: (
            httpx.Response(200, json={"data": []})
            if request.url.params.get("page") == "2"
            else _page([{"id": "a"}], f"{BASE}/spaces/?page=2")
        )
    )
    client, _ = make_client()
    assert _walk(client) == [{"id": "a"}]
    (error,) = client.unreadable
    assert "cannot read results (a list of objects) (None)" in str(error)


def test_a_listing_ending_short_of_its_total_is_unreadable(router):
    router.get("/spaces/").mock(return_value=_page([{"id": "a"}], None, total=3))
    client, _ = make_client()
    assert _walk(client) == [{"id": "a"}]
    (error,) = client.unreadable
    assert "cannot read results (fewer than total) (1)" in str(error)


def test_a_next_link_served_twice_is_unreadable_not_a_loop(router):
    again = f"{BASE}/spaces/?page=2"
    route = router.get("/spaces/").mock(return_value=_page([{"id": "a"}], again))
    client, _ = make_client()
    assert len(_walk(client)) == 2
    assert route.call_count == 2
    (error,) = client.unreadable
    assert "next (a page not yet served)" in str(error)
