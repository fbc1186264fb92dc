"""Contract: the v3 docs' own request and response samples, read verbatim from copies of the docs
(samples/), against the planner's bodies and the parsers: read, or refused as Unreadable."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from pipelines.density_v3.parse import Where, floor_statuses, health_rows, metric_rows, session_rows
from pipelines.density_v3.planner import (
    analytics_requests,
    data_status_requests,
    health_requests,
    sessions_requests,
)
from pipelines.http import Unreadable

SAMPLES = Path(__file__).parent / "samples"
API = (SAMPLES / "density-v3-public-api.txt").read_text()
EXAMPLES = (SAMPLES / "density-v3-public-api-samples.txt").read_text()
WHERE = Where("/analytics/x", "docs sample")
UTC_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
LOCAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
SPACES = [
    {"id": "spc_f", "space_type": "floor", "time_zone": "UTC", "children_ids": ["spc_a"]},
    {"id": "spc_a", "space_type": "space", "time_zone": "UTC", "counting_mode": "oa"},
]


def day_of(request: dict) -> date:
    """The local day a sample request starts on, so the planner's body can match it exactly."""
    return date.fromisoformat(request["start_date"][:10])


def _unbullet(text: str) -> str:
    """The docs render JSON with a bullet before each member ("•" or "- "): drop only those."""
    text = text.replace("•", "")
    return re.sub(r"(^|[\[{,]\s*)- ", r"\1", text, flags=re.MULTILINE)


def _blocks(text: str) -> list:
    """Each JSON sample of a docs text, in order."""
    found, lines, depth = [], [], 0
    for line in text.splitlines():
        if not lines and not line.lstrip().startswith(("{", "[")):
            continue
        lines.append(line)
        depth += sum(line.count(c) for c in "{[") - sum(line.count(c) for c in "}]")
        if depth == 0:
            found.append(json.loads(_unbullet("\n".join(lines))))
            lines = []
    return found


def api_samples(endpoint: str) -> tuple[dict, object]:
    """(request, response) samples of `post/v3/<endpoint>` in the API reference."""
    section = API.split(f"\npost/v3/{endpoint}\n", 1)[1]
    section = re.split(r"\n(?:post|get|put|patch|delete)/", section, maxsplit=1)[0]
    request, response = _blocks(section)[:2]
    return request, response


def example_samples(marker: str) -> tuple[dict, object]:
    """(request, response) samples following a description line in the samples text."""
    request, response = _blocks(EXAMPLES.split(marker, 1)[1])[:2]
    return request, response


DATA_STATUS = "Lists the percentage of completeness of floor data"
ANALYTICS = {
    "occupancy": "Calculates the occupancy for a set of spaces",
    "time-used": "Calculates the time used for a set of spaces",
    "utilization": "Calculates the utilization for a set of spaces",
}
HEALTH = "Request body input. Can filter by either serial numbers or space ids.\nsuccess"


@pytest.mark.parametrize("source", ["api", "examples"])
def test_data_status_bodies_match_the_samples_and_the_sample_answer_is_refused(source):
    request, response = (
        api_samples("analytics/data-status") if source == "api" else example_samples(DATA_STATUS)
    )
    (body,) = [r.body for r in data_status_requests(SPACES, day_of(request), day_of(request))]
    assert set(body) == set(request)
    assert all(
        UTC_Z.fullmatch(body[k]) and UTC_Z.fullmatch(request[k]) for k in ("start_date", "end_date")
    )
    assert body["start_date"] == request["start_date"] and body["end_date"] == request["end_date"]
    # the samples name the floor's schema (FloorHealthDataV3) but show no completeness in it
    with pytest.raises(Unreadable, match="data_status") as caught:
        floor_statuses(response, WHERE)
    assert "\n" not in str(caught.value)


def test_sessions_bodies_match_the_sample_and_the_sample_answer_reads():
    request, response = api_samples("analytics/sessions/raw")
    (body,) = [r.body for r in sessions_requests(SPACES, day_of(request), day_of(request))]
    assert set(body) == set(request)
    assert all(
        LOCAL.fullmatch(body[k]) and LOCAL.fullmatch(request[k]) for k in ("start_date", "end_date")
    )
    assert session_rows(response, {}, WHERE) == []


def test_metrics_bodies_match_the_sample_and_the_sample_answer_reads():
    request, response = api_samples("analytics/metrics")
    (body,) = [r.body for r in analytics_requests(SPACES, day_of(request), day_of(request))]
    assert set(body) <= set(request)
    assert all(
        LOCAL.fullmatch(body[k]) and LOCAL.fullmatch(request[k]) for k in ("start_date", "end_date")
    )
    assert (body["start_date"], body["end_date"]) == (request["start_date"], request["end_date"])
    assert metric_rows(response, {}, "hour", WHERE) == []  # each space's buckets folded away


@pytest.mark.parametrize("endpoint", sorted(ANALYTICS))
def test_analytics_sample_answers_read_or_are_refused(endpoint):
    assert metric_rows(api_samples(f"analytics/{endpoint}")[1], {}, "hour", WHERE) == []
    _, example = example_samples(ANALYTICS[endpoint])
    with pytest.raises(Unreadable, match="metrics"):  # `$ref` in place of the buckets
        metric_rows(example, {}, "hour", WHERE)


def test_sensor_health_samples_match_and_read():
    request, response = api_samples("sensors/health")
    (body,) = [r.body for r in health_requests(SPACES, day_of(request), day_of(request))]
    assert set(body) <= set(request)
    assert (body["start_date"], body["end_date"]) == (request["start_date"], request["end_date"])
    assert health_rows(response, WHERE) == []
    _, example = example_samples(HEALTH)
    rows = health_rows(example, WHERE)
    assert [r["serial_number"] for r in rows] == ["A1B6Z10", "A1B6Z10"]
    assert all("$ref" in r for r in rows)  # an unknown field is kept, not dropped
