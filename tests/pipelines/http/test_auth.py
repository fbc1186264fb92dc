"""Credentials: a fixed bearer token, and OAuth client credentials through the client's own
limiter and retry policy, renewed before expiry and once on a 401, never showing the secret."""

import json
import logging
import pickle
import threading
import time

import httpx
import pytest
import respx

from pipelines.http import (
    BearerToken,
    ClientCredentials,
    MalformedResponse,
    RateLimiter,
    TokenRejected,
    VendorClient,
    VendorUnavailable,
)
from tests.fixtures.http import TOKEN, FakeTime, fake_limiter

V3 = "https://api.density.io/v3"
TOKEN_URL = f"{V3}/oauth/token"
CLIENT_ID, SECRET = "cli_density_demo", "sec_PLANTED_SECRET_456"


@pytest.fixture
def v3():
    with respx.mock(base_url=V3, assert_all_called=False) as mock:
        yield mock


def oauth_client(clock=lambda: 0.0, limiter=None, **kwargs) -> tuple[VendorClient, list[float]]:
    """A Density v3 client with client credentials; its backoff waits are recorded, not slept."""
    waits: list[float] = []
    auth = ClientCredentials(
        token_url=TOKEN_URL, client_id=CLIENT_ID, client_secret=SECRET, clock=clock
    )
    client = VendorClient(
        vendor="Density v3",
        base_url=V3,
        auth=auth,
        limiter=limiter or fake_limiter(),
        sleep=waits.append,
        **kwargs,
    )
    return client, waits


def issue(*tokens: str):
    """A token endpoint handing out `tokens` in turn, each valid for an hour."""
    issued = iter(tokens)
    return lambda request: httpx.Response(
        200, json={"access_token": next(issued), "expires_in": "3600", "token_type": "Bearer"}
    )


def echo_authorization(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"auth": request.headers["Authorization"]})


# --- a fixed bearer token --------------------------------------------------------------------


@pytest.mark.parametrize("token", [TOKEN + "\n", "", "tok en", "tok_é", "tok\x00"])
def test_a_token_that_cannot_be_a_header_is_refused_without_echoing_it(token):
    with pytest.raises(ValueError, match="API token") as caught:
        BearerToken(token)
    assert TOKEN not in str(caught.value) and "DENSITY" not in str(caught.value)


# --- OAuth client credentials ----------------------------------------------------------------


def test_client_credentials_renew_before_expiry(v3):
    route = v3.post("/oauth/token").mock(side_effect=issue("eyJ.one", "eyJ.two"))
    v3.get("/spaces").mock(side_effect=echo_authorization)
    now = [0.0]
    client, _ = oauth_client(clock=lambda: now[0])
    assert client.get("spaces") == client.get("spaces") == {"auth": "Bearer eyJ.one"}
    now[0] = 3539.0
    assert client.get("spaces") == {"auth": "Bearer eyJ.one"}
    now[0] = 3540.0  # a minute before it expires
    assert client.get("spaces") == {"auth": "Bearer eyJ.two"} and route.call_count == 2
    token_request = route.calls[0].request
    assert json.loads(token_request.content) == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
    }
    assert str(token_request.url) == TOKEN_URL and "authorization" not in token_request.headers


def test_a_401_renews_the_token_once_and_repeats_the_request_once(v3):
    tokens = v3.post("/oauth/token").mock(side_effect=issue("tok_1", "tok_2", "tok_3"))

    def spaces(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer tok_1":
            return httpx.Response(401, json={"message": "token tok_1 expired"})
        return httpx.Response(200, json={"total": 0})

    route = v3.get("/spaces/").mock(side_effect=spaces)
    client, waits = oauth_client()
    assert client.get("spaces/") == {"total": 0}
    assert [c.request.headers["Authorization"] for c in route.calls] == [
        "Bearer tok_1",
        "Bearer tok_2",
    ]
    assert tokens.call_count == 2  # renewed once

    v3.get("/doorways/").mock(
        side_effect=lambda request: httpx.Response(
            401, json={"message": f"refused {request.headers['Authorization']}"}
        )
    )
    with pytest.raises(TokenRejected) as caught:
        client.get("doorways/")
    assert tokens.call_count == 3 and caught.value.status == 401  # renewed once, then refused
    assert str(caught.value) == (
        "Density v3 rejected the API token on GET /doorways/ (HTTP 401: refused Bearer ***)."
    )
    v3.get("/sensors/").respond(403, json={"message": "forbidden"})
    with pytest.raises(TokenRejected):
        client.get("sensors/")
    assert tokens.call_count == 3  # a 403 is not about the token's age
    assert waits == []


def test_client_credentials_errors_never_show_the_secret(v3, caplog):
    caplog.set_level(logging.DEBUG)
    v3.post("/oauth/token").mock(
        side_effect=[
            httpx.Response(503),
            httpx.Response(401, json={"message": f"bad secret {SECRET}"}),
        ]
    )
    api = v3.get("/spaces")
    client, waits = oauth_client()
    with pytest.raises(TokenRejected) as err:
        client.get("spaces")
    assert str(err.value) == (
        'Density v3 refused the client credentials on POST /oauth/token (HTTP 401: {"message":'
        '"bad secret ***"}).'
    )
    assert (err.value.status, err.value.method, err.value.path) == (401, "POST", "/oauth/token")
    assert waits == [0.5] and not api.called  # the 503 was retried, the 401 is final
    for text in (str(err.value), repr(err.value), caplog.text):
        assert SECRET not in text
    assert SECRET.encode() not in pickle.dumps(err.value)
    assert err.value.__cause__ is None and err.value.__context__ is None

    v3.post("/oauth/token").respond(200, json={"access_token": "a b", "expires_in": "60"})
    with pytest.raises(MalformedResponse) as err:
        oauth_client()[0].get("spaces")
    assert str(err.value) == (
        "Density v3 sent no usable access_token and expires_in on POST /oauth/token."
    )


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (httpx.Response(503, text="Service Unavailable"), "is unavailable for POST /oauth/token "),
        (httpx.ConnectTimeout("timed out"), "did not answer POST /oauth/token "),
    ],
)
def test_a_failing_token_endpoint_is_retried_by_the_one_policy(v3, caplog, answer, said):
    v3.post("/oauth/token").mock(side_effect=answer)
    client, waits = oauth_client(max_attempts=3)
    with pytest.raises(VendorUnavailable) as caught:
        client.get("spaces")
    assert str(caught.value).startswith(f"Density v3 {said}")
    assert str(caught.value).endswith(" after 3 attempts; try again later.")
    assert waits == [0.5, 1.0]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and warnings[0].startswith("Density v3 POST /oauth/token failed (")


def test_token_requests_pass_through_the_limiter(v3):
    fake = FakeTime()
    sent: list[tuple[str, float]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, fake.now))
        if request.url.path.endswith("/oauth/token"):
            return issue("tok_1")(request) if len(sent) > 1 else httpx.Response(503)
        return httpx.Response(200, json={})

    v3.route().mock(side_effect=answer)
    client, waits = oauth_client(limiter=RateLimiter(2, 10, clock=fake.clock, sleep=fake.sleep))
    assert client.get("spaces") == {}
    assert sent == [("/v3/oauth/token", 0.0), ("/v3/oauth/token", 0.0), ("/v3/spaces", 10.0)]
    assert waits == [0.5] and fake.sleeps == [10.0]


def test_threads_share_one_token_fetched_once(v3):
    def slow_issue(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)  # every thread asks while the first fetch is in flight
        return issue("tok_shared")(request)

    tokens = v3.post("/oauth/token").mock(side_effect=slow_issue)
    v3.get("/spaces").mock(side_effect=echo_authorization)
    client, _ = oauth_client()
    answers: list[dict] = []

    def worker() -> None:
        for _ in range(5):
            answers.append(client.get("spaces"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not any(thread.is_alive() for thread in threads)
    assert answers == [{"auth": "Bearer tok_shared"}] * 40
    assert tokens.call_count == 1


def test_client_credentials_need_both_parts_and_say_so_without_naming_a_variable():
    for client_id, client_secret in ((CLIENT_ID, ""), ("", SECRET)):
        with pytest.raises(ValueError, match="client id and a client secret") as caught:
            ClientCredentials(token_url=TOKEN_URL, client_id=client_id, client_secret=client_secret)
        assert SECRET not in str(caught.value) and "DENSITY" not in str(caught.value)
