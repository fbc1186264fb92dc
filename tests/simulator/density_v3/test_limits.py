"""Density v3 request rules: past each documented limit a 400 with a reason, at it a 200."""

import pytest

LOCAL = {"start_date": "2026-11-01T00:00:00", "end_date": "2026-11-01T23:59:59"}
UTC_DAY = {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-01T23:59:59Z"}


@pytest.mark.parametrize(
    ("path", "body", "reason"),
    [
        (
            "/analytics/sessions/raw",
            {"start_date": "2026-09-01T00:00:00", "end_date": "2026-10-31T00:00:01"},
            "maximum of 60 days",
        ),
        (
            "/analytics/sessions/raw",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-02T00:00:00Z"},
            "without a time zone",
        ),
        (
            "/sensors/health",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-11T00:00:01Z"},
            "max range",
        ),
        ("/analytics/data-status", {**UTC_DAY, "end_date": "2026-11-11T00:00:01Z"}, "10 days"),
        ("/analytics/data-status", {**UTC_DAY, "end_date": "2026-11-01T00:04:59Z"}, "5 minutes"),
        (
            "/analytics/data-status",
            {"start_date": "2024-05-25T00:00:00Z", "end_date": "2024-06-01T00:00:00Z"},
            "after 2024-06-01",
        ),
        ("/analytics/data-status", {**UTC_DAY, "floor_ids": []}, "minimum 1 floor"),
        ("/analytics/data-status", {**UTC_DAY, "floor_ids": ["f"] * 6}, "maximum 5 floors"),
        ("/analytics/short-term", {"minutes_lookback": 241}, "max value is 240"),
        ("/analytics/metrics", {**LOCAL, "time_resolution": "fortnight"}, "must be one of"),
        (
            "/analytics/metrics",
            {**LOCAL, "end_date": "2026-11-02T00:00:00", "time_resolution": "minute"},
            "under 1 day",
        ),
        (
            "/analytics/occupancy",
            {**LOCAL, "end_date": "2026-11-08T00:00:00", "time_resolution": "hour"},
            "under 7 days",
        ),
        (
            "/analytics/time-used",
            {**LOCAL, "end_date": "2026-11-08T00:00:00", "time_resolution": "hour_of_day"},
            "under 7 days",
        ),
        (
            "/analytics/utilization",
            {**LOCAL, "end_date": "2026-12-02T00:00:00", "time_resolution": "day"},
            "under 31 days",
        ),
        (
            "/analytics/metrics",
            {**LOCAL, "end_date": "2026-12-02T00:00:00", "time_resolution": "weekday"},
            "under 31 days",
        ),
        (
            "/analytics/metrics",
            {**LOCAL, "end_date": "2027-11-01T00:00:00", "time_resolution": "month"},
            "under 1 year",
        ),
        (
            "/analytics/metrics",
            {**LOCAL, "operating_hours": {"days": [7], "start_hour": 8, "end_hour": 18}},
            "operating_hours",
        ),
        ("/analytics/metrics", {**LOCAL, "end_date": "2026-10-31T00:00:00"}, "before"),
    ],
)
def test_every_limit_is_a_400_with_the_vendors_reason(v3, spaces, path, body, reason):
    floor = spaces["HQ Floor 1"]["id"]
    if path == "/analytics/data-status" and "floor_ids" not in body:
        body = {**body, "floor_ids": [floor]}
    answer = v3.post(path, json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == 400 and reason in answer.json()["message"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/analytics/sessions/raw",
            {"start_date": "2026-09-01T00:00:00", "end_date": "2026-10-31T00:00:00"},
        ),
        (
            "/sensors/health",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-11T00:00:00Z"},
        ),
        ("/analytics/data-status", {**UTC_DAY, "end_date": "2026-11-01T00:05:00Z"}),
        (
            "/analytics/data-status",
            {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-11-11T00:00:00Z"},
        ),
        ("/analytics/short-term", {"minutes_lookback": 240}),
        ("/analytics/metrics", {**LOCAL, "time_resolution": "minute"}),
        (
            "/analytics/metrics",
            {
                "start_date": "2026-11-01T00:00:00",
                "end_date": "2026-11-07T23:59:59",
                "time_resolution": "hour",
            },
        ),
        (
            "/analytics/metrics",
            {
                "start_date": "2026-01-01T00:00:00",
                "end_date": "2026-12-31T23:59:59",
                "time_resolution": "month",
            },
        ),
    ],
)
def test_the_limits_themselves_are_allowed(v3, spaces, path, body):
    if path == "/analytics/data-status":
        body = {**body, "floor_ids": [spaces["HQ Floor 1"]["id"]] * 5}
    elif path.startswith("/analytics/"):
        body = {**body, "space_ids": [spaces["F1 Huddle Pod"]["id"]]}
    assert v3.post(path, json=body).status_code == 200
