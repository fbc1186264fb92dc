"""Running the Occuspace source in tests: one load against the simulator, what it skipped."""

import httpx

from pipelines.occuspace import occuspace_source
from tests.fixtures.warehouse import client, query, run_source

TABLES = (
    "locations",
    "daily_occupancy",
    "hourly_occupancy",
    "daily_visitors",
    "hourly_visitors",
    "daily_dwell_time",
    "request_outcomes",
)
FACTS = TABLES[1:-1]


def load(
    sim,
    warehouse,
    first,
    last,
    *,
    token="tok_occuspace_demo",
    transport=None,
    max_attempts=3,
    source=occuspace_source,
):
    """One run of an Occuspace source against the simulator, retries without sleeping."""
    args = {"start_date": first, "end_date": last} if source is occuspace_source else {}
    kw = {"max_attempts": max_attempts, "transport": transport, "sleep": lambda _: None}
    with client(sim, "occuspace", token, vendor="Occuspace", **kw) as occuspace:
        run_source(warehouse, "occuspace", source(client=occuspace, **args))


def problems(warehouse) -> list[dict]:
    """The requests of the latest load that got no data, as `request_outcomes` keeps them (a
    forbidden location once, at its 401: its later requests were not sent)."""
    rows = query(
        warehouse,
        "select location_id, endpoint, outcome, error from occuspace.request_outcomes"
        " where outcome <> 'ok' and http_status is not null and _dlt_load_id ="
        " (select max(_dlt_load_id) from occuspace.request_outcomes) order by all",
    )
    return [
        dict(zip(("location_id", "endpoint", "outcome", "error"), r, strict=True)) for r in rows
    ]


class MissingEndpoint(httpx.HTTPTransport):
    """Sends one request path to a path the vendor does not have (its HTML 404 page answers)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(self.path):
            url = request.url.copy_with(path=request.url.path + "_v0")
            request = httpx.Request(request.method, url, headers=request.headers)
        return super().handle_request(request)
