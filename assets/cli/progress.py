"""The CLI's console: a live progress display of the run's sources (plain lines when stdout is
not a terminal), one summary table at the end, and library logs only with --verbose."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, redirect_stdout
from pathlib import Path
from typing import TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from pipelines.progress import BOARD, SourceProgress, Throttled
from warehouse.destination import connect_read_only

# Off a terminal, a plain progress line per source at most this often, and one at its end (the
# planned windows grow as a source lists its spaces, so a share of them is no steady measure).
PLAIN_EVERY_SECONDS = 30.0


def quiet_logging(verbose: bool) -> None:
    """Library logs (httpx requests, dlt, Dagster) and Python warnings on the console only when
    `verbose`; errors always, one line each. Loggers stay at INFO: a run's own handlers (the
    pipelines' warnings as Dagster events) still hear them."""
    console = logging.StreamHandler()
    console.setLevel(logging.INFO if verbose else logging.ERROR)
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[console])
    if not verbose:
        warnings.simplefilter("ignore")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _state(progress: SourceProgress) -> str:
    if progress.outcome:
        return progress.outcome
    return f"ETA {_duration(progress.eta())}"


def live_table(sources: Sequence[SourceProgress]) -> Table:
    """Per source: windows done of planned (the planner's requests), requests made (pages,
    dimensions, retries and token requests too), rows, 429s, retries, ETA."""
    table = Table(title="loading", title_justify="left", expand=False)
    for column in ("source", "windows", "requests", "rows", "429s", "retries", "state"):
        table.add_column(column, justify="left" if column in ("source", "state") else "right")
    for p in sources:
        table.add_row(
            p.label or p.source,
            f"{p.windows_done}/{p.windows_planned}",
            str(p.requests),
            str(sum(p.rows.values())),
            str(p.throttled),
            str(p.retries),
            _state(p),
        )
    return table


def summary_table(
    sources: Sequence[SourceProgress], marts: Mapping[str, int], wall: float
) -> Table:
    """The run in one table: per source requests, 429s, retries, rows and its time against the
    least the rate limit allows; rows per mart; the whole run's wall time."""
    table = Table(title=f"done in {_duration(wall)}", title_justify="left")
    for column in ("", "requests", "429s", "retries", "rows", "time", "rate-limit bound"):
        table.add_column(column, justify="left" if not column else "right")
    for p in sources:
        table.add_row(
            f"{p.label or p.source}{'' if p.outcome in ('', 'done') else f' ({p.outcome})'}",
            str(p.requests),
            str(p.throttled),
            str(p.retries),
            str(sum(p.rows.values())),
            _duration(p.elapsed),
            _duration(p.bound),
        )
    if marts:
        table.add_section()
        for mart, rows in marts.items():
            table.add_row(f"marts.{mart}", "", "", "", str(rows), "", "")
    return table


def mart_rows(warehouse_path: Path) -> dict[str, int]:
    """Rows per mart in the warehouse (none when it has no marts yet)."""
    if not warehouse_path.exists():
        return {}
    with connect_read_only(warehouse_path) as con:
        found = con.execute(
            "select table_name, estimated_size from duckdb_tables()"
            " where schema_name = 'marts' order by table_name"
        ).fetchall()
    return {name: int(rows) for name, rows in found}


class _PlainLines:
    """Progress as a few plain lines (stdout not a terminal): per source at start, every
    PLAIN_EVERY_SECONDS or quarter of its windows, and at its end."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._each: dict[int, Throttled] = {}

    def __call__(self, progress: SourceProgress) -> None:
        key = id(progress)
        if key not in self._each:
            self._each[key] = Throttled(self._line, PLAIN_EVERY_SECONDS, share=1.0)
        self._each[key](progress)

    def _line(self, text: str) -> None:
        print(f"  {text}", file=self._out, flush=True)


@contextmanager
def progress_display(out: TextIO | None = None, verbose: bool = False) -> Iterator[None]:
    """While a run loads: a live table on a terminal, else a few plain lines. Unless `verbose`,
    what libraries print meanwhile is dropped (dagster-dbt writes each dbt node to stdout)."""
    out = out or sys.stdout
    BOARD.clear()
    with ExitStack() as stack:
        if not verbose:
            stack.enter_context(redirect_stdout(stack.enter_context(open(os.devnull, "w"))))
        if out.isatty():
            stack.enter_context(_live(out, capture=verbose))
        else:
            stack.callback(BOARD.subscribe(_PlainLines(out)))
        yield


def _live(out: TextIO, capture: bool) -> Live:
    """The live table on a terminal, gone when the run ends (the summary follows); with
    `capture`, what is printed meanwhile shows above it."""

    def render() -> Group:
        sources = list(BOARD.sources.values())
        building = sources and all(p.finished for p in sources)
        note = Text("building the marts (dbt) ..." if building else "", style="dim")
        return Group(live_table(sources), note)

    return Live(
        get_renderable=render,
        console=Console(file=out),
        refresh_per_second=4,
        transient=True,
        redirect_stdout=capture,
        redirect_stderr=capture,
    )


def print_summary(warehouse_path: Path, wall: float, out: TextIO | None = None) -> None:
    """The summary table of the run just made, from the board and the warehouse's marts."""
    console = Console(file=out or sys.stdout, width=100)
    console.print(summary_table(list(BOARD.sources.values()), mart_rows(warehouse_path), wall))
