"""The API token never leaks: not in an error, its repr or pickle, nor in any log line."""

import logging
import pickle

import httpx
import pytest

from pipelines.http import (
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    TokenRejected,
    VendorError,
    VendorUnavailable,
)
from tests.fixtures.http import TOKEN, make_client

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
    assert "pipelines.http.client DEBUG" in logged or scenario == "foreign"
    if scenario in ("429", "503", "timeout", "dropped", "malformed"):
        assert logged.count("pipelines.http.retry WARNING") == 2  # attempts 1/3 and 2/3
