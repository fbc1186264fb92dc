"""Errors are one line a user can act on, and survive the trip between Dagster processes."""

import pickle

from pipelines.http import Unreadable, VendorClient
from pipelines.http.auth import BearerToken
from pipelines.http.ratelimit import RateLimiter


def test_unreadable_names_vendor_request_window_and_field_in_one_line():
    error = Unreadable.of(
        "Density v3",
        "POST",
        "/v3/analytics/data-status",
        "2026-06-01..2026-06-10",
        "'data_status' of floor spc_1",
        "a str:\n'soon'",
    )
    text = str(error)
    assert "\n" not in text
    for part in (
        "Density v3",
        "POST /v3/analytics/data-status",
        "2026-06-01..2026-06-10",
        "'data_status' of floor spc_1",
        "a str: 'soon'",
    ):
        assert part in text
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == text and copy.path == error.path and copy.status == 200


def test_a_skipped_answer_is_kept_on_the_client_and_logged(caplog):
    limiter = RateLimiter(1000, 1000)
    with VendorClient(
        vendor="Omnos", base_url="https://api.example", auth=BearerToken("t"), limiter=limiter
    ) as client:
        error = Unreadable.of("Omnos", "GET", "/spaces/", "all", "'results'", "a number: 3")
        client.skip_unreadable(error)
        assert client.unreadable == [error]
    assert str(error) in caplog.text
