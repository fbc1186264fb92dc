"""The project's own run, measured: the vendor's dlt source into DuckDB, then dbt and the lake."""

from __future__ import annotations

import resource
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from pipelines.http import BearerToken, ClientCredentials, RateLimiter, VendorClient
from pipelines.vendors import vendor
from warehouse.destination import LOADER_FILE_FORMAT, raw_pipeline

PHASES = ("extract", "normalize", "load", "dbt", "lake")


class TimedTransport(httpx.BaseTransport):
    """HTTP with a stopwatch: the seconds spent waiting on the vendor (request sent to body
    read), so the local path's time is the run's wall time less them; below the client's rate
    limiter, so pacing waits are not counted as the vendor's."""

    def __init__(self) -> None:
        self._transport = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.vendor_seconds = 0.0
        self.last_response = 0.0  # time.time() of the last body read

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self._transport.handle_request(request)
        response.read()
        with self._lock:
            self.vendor_seconds += time.perf_counter() - started
            self.last_response = time.time()
        return response

    def close(self) -> None:
        self._transport.close()


@dataclass
class ProjectRun:
    """What one run of the project did: rows per raw table, phase seconds, timings."""

    rows: dict[str, int]
    phases: dict[str, float]
    started: float  # time.time() at the start
    pipeline_done: float  # time.time() when dlt's load finished
    done: float  # time.time() after the lake
    vendor_seconds: float
    last_response: float
    peak_rss_mib: float
    unreadable: list[str] = field(default_factory=list)

    @property
    def raw_rows(self) -> int:
        """Rows loaded into the raw tables (dlt's own tables excluded)."""
        return sum(self.rows.values())

    @property
    def local_seconds(self) -> float:
        """Wall time from the first request to the load's end, less the vendor's own time."""
        return self.pipeline_done - self.started - self.vendor_seconds

    @property
    def tail_seconds(self) -> float:
        """From the last response to the end of the load: what waiting did not hide."""
        return self.pipeline_done - self.last_response


def client_for(
    sim, source: str, pacing, transport: httpx.BaseTransport | None = None
) -> VendorClient:
    """A client of `source` on the simulator, with its demo credentials and `pacing`."""
    spec = vendor(source)
    config = sim.config
    base_url = sim.api_url(source)
    if spec.oauth_token_path:
        client_id = next(iter(config.density_v3_clients))
        auth: httpx.Auth = ClientCredentials(
            token_url=base_url + spec.oauth_token_path,
            client_id=client_id,
            client_secret=config.density_v3_clients[client_id],
        )
    else:
        tokens = {
            "density_v2": config.density_tokens,
            "omnos": config.omnos_tokens,
            "occuspace": config.occuspace_tokens,
        }
        auth = BearerToken(next(iter(tokens[source])))
    limiter = RateLimiter(pacing.burst, pacing.burst / pacing.rate)
    return VendorClient(
        vendor=spec.label, base_url=base_url, auth=auth, limiter=limiter, transport=transport
    )


def peak_rss_mib() -> float:
    """The process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_up(workdir: Path) -> None:
    """Load one record and one Arrow row into a scratch DuckDB file, so the imports dlt makes on
    first use (writers, normalizers, the destination) are paid before the clock starts, as a
    Dagster run process pays them at start-up."""
    import dlt
    import pyarrow as pa

    pipeline = dlt.pipeline(
        pipeline_name="bench_warm_up",
        destination=dlt.destinations.duckdb(str(workdir / "scratch.duckdb")),
        dataset_name="warm_up",
        pipelines_dir=str(workdir / "dlt"),
    )
    items = [
        dlt.resource([{"a": 1}], name="records"),
        dlt.resource([pa.table({"a": [1]})], name="arrow"),
    ]
    pipeline.run(items, loader_file_format=LOADER_FILE_FORMAT)


def _dbt(warehouse_path: Path) -> None:
    """The production dbt build (unit tests excluded, as Dagster's dbt asset runs it)."""
    from dagster_dbt import DbtCliResource

    from assets.dbt import DBT_EXECUTABLE, dbt_project, dbt_vars
    from assets.resources import Warehouse

    dbt = DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
    warehouse = Warehouse(path=str(warehouse_path))
    build = ["build", "--exclude-resource-type", "unit_test", *dbt_vars(warehouse)]
    dbt.cli(build, raise_on_error=True).wait()


def run_project(
    sim, source: str, first: date, last: date, workdir: Path, pacing, *, dbt: bool
) -> ProjectRun:
    """Load local days first..last of `source` from the simulator as a backfill does (the
    vendor's dlt source, Parquet load files), then build dbt and export the lake if asked."""
    from pipelines.vendors import SOURCE_NAMES
    from warehouse.lake import export_lake

    warm_up(workdir)
    warehouse_path = workdir / "warehouse.duckdb"
    pipeline = raw_pipeline(source, warehouse_path)
    transport = TimedTransport()
    started = time.time()
    with client_for(sim, source, pacing, transport) as client:
        source_data = vendor(source).source(client=client, start_date=first, end_date=last)
        pipeline.run(source_data, loader_file_format=LOADER_FILE_FORMAT)
    pipeline_done = time.time()
    trace = pipeline.last_trace
    phases = {
        step.step: (step.finished_at - step.started_at).total_seconds()
        for step in trace.steps
        if step.step in PHASES
    }
    counts = trace.last_normalize_info.row_counts
    rows = {table: n for table, n in counts.items() if not table.startswith("_dlt")}
    peak = peak_rss_mib()
    if dbt:
        at = time.perf_counter()
        _dbt(warehouse_path)
        phases["dbt"] = time.perf_counter() - at
        at = time.perf_counter()
        export_lake(warehouse_path, workdir / "lake", SOURCE_NAMES)
        phases["lake"] = time.perf_counter() - at
    return ProjectRun(
        rows=rows,
        phases=phases,
        started=started,
        pipeline_done=pipeline_done,
        done=time.time(),
        vendor_seconds=transport.vendor_seconds,
        last_response=transport.last_response or pipeline_done,
        peak_rss_mib=peak,
        unreadable=[str(error) for error in client.unreadable],
    )
