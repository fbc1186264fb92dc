"""The report's charts in order, with their titles and captions, rendered to PNG from the marts."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from report import charts
from report.queries import data_span, read_all
from warehouse.destination import connect_read_only

# Sharp enough to read in a browser, small enough to keep the file and the asset's metadata light.
DPI = 90


@dataclass(frozen=True)
class Spec:
    """One chart: its query's key, title, how to read it, and how to draw it."""

    key: str
    title: str
    caption: str
    draw: Callable[[pd.DataFrame], Figure]


@dataclass(frozen=True)
class Chart:
    """A rendered chart: its PNG, or None and the reason it has no data."""

    key: str
    title: str
    caption: str
    png: bytes | None
    empty: str = ""


@dataclass(frozen=True)
class Report:
    """The charts and what the data covers ("" when the warehouse has no occupancy yet)."""

    charts: list[Chart]
    span: str
    generated: str


SPECS = (
    Spec(
        "heatmap",
        "Utilization by weekday and hour, per building",
        "Each cell is the building's mean utilization (people / capacity) in that local hour of "
        "that weekday; darker is fuller, empty cells have no data.",
        charts.heatmap,
    ),
    Spec(
        "space_use",
        "Least and most used spaces",
        "Mean utilization over the working hours of each space's working days: the least used at "
        "the top in blue, the most used at the bottom in red; spaces without a capacity are left out.",
        charts.space_use,
    ),
    Spec(
        "time_used",
        "Time used per working day",
        "Share of the working hours in which the spaces held at least one person, summed over all "
        "spaces that report time used (Occuspace does not).",
        charts.time_used,
    ),
    Spec(
        "peak_capacity",
        "Peak vs capacity",
        "One dot per space and day: above the dashed line the space held more people than its "
        "capacity; red triangles are capped peaks, where the sensor hit its ceiling (at least this).",
        charts.peak_capacity,
    ),
    Spec(
        "effective_capacity",
        "Effective vs nominal capacity",
        "Grey is the capacity the vendor states, blue the 95th percentile of the working-day peaks "
        "(marts.space_capacity): a blue bar far shorter than the grey one is a space sized too big.",
        charts.effective_capacity,
    ),
    Spec(
        "quality",
        "Data quality over time, by flag",
        "Space-hours each data-quality flag covers per local day (marts.data_quality_daily); "
        "docs/quality_checks.md and marts.data_quality_flags say what each flag means.",
        charts.quality,
    ),
)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes, without matplotlib's software stamp."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def render(spec: Spec, rows: pd.DataFrame | None) -> Chart:
    """`spec` drawn from `rows`; no rows (or a mart not built yet) is said in words."""
    if rows is None:
        return Chart(spec.key, spec.title, spec.caption, None, "No data: the marts are not built.")
    if rows.empty:
        return Chart(
            spec.key,
            spec.title,
            spec.caption,
            None,
            "No data: the warehouse has no rows for this chart yet.",
        )
    return Chart(spec.key, spec.title, spec.caption, png(spec.draw(rows)))


def build_report(warehouse_path: Path) -> Report:
    """Every chart of SPECS from the warehouse's marts, read through a read-only connection."""
    with connect_read_only(warehouse_path) as con:
        rows = read_all(con)
        span = data_span(con)
    covered = f"local days {span[0]} to {span[1]}, {span[2]} spaces" if span else ""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Report([render(spec, rows[spec.key]) for spec in SPECS], covered, generated)
