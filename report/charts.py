"""The report's charts, each drawn from its query's rows as a matplotlib Figure (no pyplot state)."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.dates import DateFormatter, DayLocator
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Enough bars to find the extremes, few enough to read their labels.
EXTREME_SPACES = 10
MOST_SPACES = 30
MAX_BUILDINGS = 12


def by_day(ax, days: pd.Series) -> None:
    """Label a date axis by day (never by hour), about ten labels at most."""
    span = (days.max() - days.min()).days + 1
    ax.xaxis.set_major_locator(DayLocator(interval=max(1, math.ceil(span / 10))))
    ax.xaxis.set_major_formatter(DateFormatter("%a %d %b"))


def heatmap(rows: pd.DataFrame) -> Figure:
    """Mean utilization by ISO weekday and local hour, one panel per building, one colour scale."""
    buildings = list(dict.fromkeys(rows["building"]))[:MAX_BUILDINGS]
    columns = min(2, len(buildings))
    lines = math.ceil(len(buildings) / columns)
    fig = Figure(figsize=(6.5 * columns, 2.9 * lines), layout="constrained")
    axes = fig.subplots(lines, columns, squeeze=False).ravel()
    top = max(1.0, float(rows["utilization"].max()))
    image = None
    for ax, building in zip(axes, buildings, strict=False):
        grid = (
            rows[rows["building"] == building]
            .pivot_table(index="weekday", columns="hour", values="utilization")
            .reindex(index=range(1, 8), columns=range(24))
        )
        image = ax.imshow(
            grid.to_numpy(dtype=float), aspect="auto", vmin=0, vmax=top, cmap="YlOrRd"
        )
        ax.set_title(building, fontsize=10)
        ax.set_yticks(range(7), WEEKDAYS)
        ax.set_xticks(range(0, 24, 3))
        ax.set_xlabel("local hour")
    for ax in axes[len(buildings) :]:
        ax.set_visible(False)
    fig.colorbar(image, ax=axes.tolist(), label="utilization", format=PercentFormatter(1.0))
    return fig


def space_use(rows: pd.DataFrame) -> Figure:
    """Horizontal bars of the least and the most used spaces by mean working-hours utilization."""
    if len(rows) > 2 * EXTREME_SPACES:
        rows = pd.concat([rows.head(EXTREME_SPACES), rows.tail(EXTREME_SPACES)])
    fig = Figure(figsize=(8, 0.28 * len(rows) + 1.2), layout="constrained")
    ax = fig.subplots()
    colours = ["#4575b4" if i < len(rows) / 2 else "#d73027" for i in range(len(rows))]
    ax.barh(rows["space"], rows["utilization"], color=colours)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("mean utilization over working hours")
    ax.tick_params(axis="y", labelsize=8)
    return fig


def time_used(rows: pd.DataFrame) -> Figure:
    """Bars of the share of working hours the spaces were occupied, one per working day."""
    fig = Figure(figsize=(9, 3.2), layout="constrained")
    ax = fig.subplots()
    days = pd.to_datetime(rows["local_date"])
    ax.bar(days, rows["share_used"], width=0.8, color="#4575b4")
    by_day(ax, days)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1)
    ax.set_ylabel("working hours occupied")
    fig.autofmt_xdate()
    return fig


def peak_capacity(rows: pd.DataFrame) -> Figure:
    """Each space-day's peak against its capacity; capped peaks (lower bounds) marked apart."""
    fig = Figure(figsize=(6.5, 5), layout="constrained")
    ax = fig.subplots()
    exact, capped = rows[~rows["is_capped"]], rows[rows["is_capped"]]
    ax.scatter(exact["capacity"], exact["occupancy_peak"], s=14, alpha=0.5, label="peak")
    if len(capped):
        ax.scatter(
            capped["capacity"],
            capped["occupancy_peak"],
            s=40,
            marker="^",
            color="#d73027",
            zorder=3,
            label="capped peak (at least this)",
        )
    top = float(max(rows["capacity"].max(), rows["occupancy_peak"].max())) * 1.05
    ax.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="peak = capacity")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("capacity (people)")
    ax.set_ylabel("daily peak (people)")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def effective_capacity(rows: pd.DataFrame) -> Figure:
    """Paired bars per space: nominal capacity and observed effective capacity."""
    if len(rows) > MOST_SPACES:
        rows = pd.concat([rows.head(MOST_SPACES // 2), rows.tail(MOST_SPACES // 2)])
    fig = Figure(figsize=(8, 0.4 * len(rows) + 1.2), layout="constrained")
    ax = fig.subplots()
    place = range(len(rows))
    ax.barh(
        [p + 0.2 for p in place], rows["capacity"], height=0.4, label="nominal", color="#bbbbbb"
    )
    ax.barh(
        [p - 0.2 for p in place],
        rows["effective_capacity"],
        height=0.4,
        label="effective (95th pct of working-day peaks)",
        color="#4575b4",
    )
    ax.set_yticks(list(place), rows["space"], fontsize=8)
    ax.set_xlabel("people")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def quality(rows: pd.DataFrame) -> Figure:
    """Stacked bars of the hours each data-quality flag covers, per local day."""
    table = rows.pivot_table(
        index="local_date", columns="flag", values="hours_flagged", aggfunc="sum", fill_value=0
    )
    fig = Figure(figsize=(9, 3.8), layout="constrained")
    ax = fig.subplots()
    days = pd.to_datetime(table.index)
    bottom = [0.0] * len(table)
    for flag in table.columns:
        ax.bar(days, table[flag], bottom=bottom, width=0.8, label=flag)
        bottom = [b + v for b, v in zip(bottom, table[flag], strict=True)]
    by_day(ax, days)
    ax.set_ylabel("space-hours flagged")
    ax.legend(fontsize=8, ncols=2, loc="upper left")
    fig.autofmt_xdate()
    return fig
