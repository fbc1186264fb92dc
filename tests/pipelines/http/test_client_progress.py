"""The client counts what it puts on the wire into its progress: requests, 429s, retries."""

import httpx

from tests.fixtures.http import make_client


def test_the_client_counts_requests_429s_and_retries(router):
    router.get("/spaces/").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "0"}),
            httpx.Response(503),
            httpx.Response(200, json={}),
        ]
    )
    router.get("/doorways/").mock(return_value=httpx.Response(200, json={}))
    client, _ = make_client()
    with client:
        client.get("/spaces/")
        client.get("/doorways/")
    progress = client.progress
    assert (progress.requests, progress.throttled, progress.retries) == (4, 1, 2)
