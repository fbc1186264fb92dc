"""The peers the project is measured against, on the same simulator and days: dlt's `rest_api`
source configured the documented way, and a naive loop asking one day per request."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import dlt
import httpx
from dlt.sources.rest_api import rest_api_source

from warehouse.destination import LOADER_FILE_FORMAT

V2_LISTS = ("doorways", "sensors", "tags", "time_segments", "links", "time_segment_groups")


@dataclass(frozen=True)
class PeerRun:
    """What a peer did: rows loaded, seconds from its first request to its load's end, and
    the requests and 429s its simulator saw (filled in by the caller, who holds the simulator)."""

    name: str
    rows: int
    seconds: float
    requests: int = 0
    throttled: int = 0


def _utc_range(first: date, last: date) -> tuple[str, str]:
    """The UTC days first..last as the API's start_time/end_time (a peer knows no time zones)."""
    start = datetime.combine(first, clock(0), UTC)
    end = datetime.combine(last + timedelta(days=1), clock(0), UTC)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


def _loaded_rows(pipeline: dlt.Pipeline) -> int:
    """Rows its last run loaded, dlt's own tables left out."""
    counts = pipeline.last_trace.last_normalize_info.row_counts
    return sum(n for table, n in counts.items() if not table.startswith("_dlt"))


def rest_api_peer(base_url: str, token: str, first: date, last: date, workdir: Path) -> PeerRun:
    """dlt's `rest_api` source as its docs configure a paginated REST API: bearer auth, the
    `next` link, `results` as the data, counts and events per space resolved from `spaces`."""
    start_time, end_time = _utc_range(first, last)
    per_space = {"start_time": start_time, "end_time": end_time}
    config = {
        "client": {
            "base_url": base_url.rstrip("/") + "/",
            "auth": {"type": "bearer", "token": token},
            "paginator": {"type": "json_link", "next_url_path": "next"},
        },
        "resource_defaults": {
            "write_disposition": "replace",
            "endpoint": {"data_selector": "results", "params": {"page_size": 1000}},
        },
        "resources": [
            {"name": "spaces", "endpoint": {"path": "spaces/"}},
            *({"name": name, "endpoint": {"path": f"{name}/"}} for name in V2_LISTS),
            {
                "name": "counts",
                "endpoint": {
                    "path": "spaces/{resources.spaces.id}/counts/",
                    "params": {**per_space, "interval": "1h"},
                },
            },
            {
                "name": "events",
                "endpoint": {"path": "spaces/{resources.spaces.id}/events/", "params": per_space},
            },
        ],
    }
    pipeline = dlt.pipeline(
        pipeline_name="bench_rest_api",
        destination=dlt.destinations.duckdb(str(workdir / "peer_rest_api.duckdb")),
        dataset_name="rest_api",
        pipelines_dir=str(workdir / "dlt"),
    )
    started = time.perf_counter()
    pipeline.run(rest_api_source(config), loader_file_format=LOADER_FILE_FORMAT)
    return PeerRun("dlt rest_api", _loaded_rows(pipeline), time.perf_counter() - started)


def _pages(http: httpx.Client, path: str, params: dict) -> list[dict]:
    """Every record of a listing, following `next`."""
    rows: list[dict] = []
    body = http.get(path, params={**params, "page_size": 1000}).raise_for_status().json()
    while True:
        rows.extend(body["results"])
        if not body.get("next"):
            return rows
        body = http.get(body["next"]).raise_for_status().json()


def naive_peer(base_url: str, token: str, first: date, last: date, workdir: Path) -> PeerRun:
    """A loop a first version might be: every space, every day, one counts and one events
    request each (UTC days), the rows handed to dlt as dicts."""
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    counts: list[dict] = []
    events: list[dict] = []
    with httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=60) as http:
        spaces = _pages(http, "/spaces/", {})
        day = first
        while day <= last:
            start_time, end_time = _utc_range(day, day)
            window = {"start_time": start_time, "end_time": end_time}
            for space in spaces:
                path = f"/spaces/{space['id']}"
                for row in _pages(http, f"{path}/counts/", {**window, "interval": "1h"}):
                    counts.append({**row, "space_id": space["id"]})
                for row in _pages(http, f"{path}/events/", window):
                    events.append({**row, "space_id": space["id"]})
            day += timedelta(days=1)
    pipeline = dlt.pipeline(
        pipeline_name="bench_naive",
        destination=dlt.destinations.duckdb(str(workdir / "peer_naive.duckdb")),
        dataset_name="naive",
        pipelines_dir=str(workdir / "dlt"),
    )
    data = [
        dlt.resource(spaces, name="spaces"),
        dlt.resource(counts, name="counts"),
        dlt.resource(events, name="events"),
    ]
    pipeline.run(data, loader_file_format=LOADER_FILE_FORMAT)
    return PeerRun("naive loop", _loaded_rows(pipeline), time.perf_counter() - started)
