"""Dialects: for each point the vendor docs leave open, every plausible reading the simulator serves.

A real account answers with one reading of each open point; the pipeline must be right under all
of them. The first choice of each switch is the simulator's default (the reading it always spoke).
Select others with `occupancy-elt simulator --dialect sessions_time=naive_local,v2_next=relative`.
"""

from dataclasses import dataclass, fields

# switch -> its readings, the default first
CHOICES: dict[str, tuple[str, ...]] = {
    # Density v3 raw sessions: local time with an offset, UTC with `Z`, or local wall time, no offset
    "sessions_time": ("offset", "utc_z", "naive_local"),
    # Density v3 data status: one completeness per floor and period (+ a per-day list), or only
    # the period's completeness (the documented reading, `FloorHealthDataV3` without fields)
    "data_status": ("daily", "period"),
    # Density v3 analytics bucket keys: local with offset, local without offset, or UTC with `Z`
    "metrics_time": ("offset", "naive_local", "utc_z"),
    # Density v2 / Omnos listings: the row count named `total` or `count` at the root
    "v2_total": ("total", "count"),
    # Density v2 / Omnos `next`: an absolute URL or a path relative to the host
    "v2_next": ("absolute", "relative"),
    # Density v2 / Omnos `utilization` (and `target_utilization`): decimal fraction (max/capacity,
    # as the docs define it), integer percent, or always null
    "v2_utilization": ("decimal", "integer", "null"),
    # Density v2 / Omnos timestamps in responses: `T` or a space between date and time
    "v2_timestamps": ("T", "space"),
    # Density v2 / Omnos page_size above 1000: served as asked, or capped at 1000
    "v2_page_cap": ("serve", "cap1000"),
    # Occuspace ids and parent ids: JSON numbers or strings
    "occuspace_ids": ("number", "string"),
    # Occuspace parent field name: `parentID` (as documented) or `parentId`
    "occuspace_parent": ("parentID", "parentId"),
}


@dataclass(frozen=True)
class Dialect:
    """One reading per open point; the defaults are the simulator's historical readings."""

    sessions_time: str = "offset"
    data_status: str = "daily"
    metrics_time: str = "offset"
    v2_total: str = "total"
    v2_next: str = "absolute"
    v2_utilization: str = "decimal"
    v2_timestamps: str = "T"
    v2_page_cap: str = "serve"
    occuspace_ids: str = "number"
    occuspace_parent: str = "parentID"

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if value not in CHOICES[item.name]:
                allowed = ", ".join(CHOICES[item.name])
                raise ValueError(f"dialect {item.name}={value!r}: choose one of {allowed}")


def parse_dialect(text: str) -> Dialect:
    """`name=reading[,name=reading...]` -> a Dialect; a one-line ValueError on anything else."""
    chosen: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep or name.strip() not in CHOICES:
            known = ", ".join(CHOICES)
            raise ValueError(f"dialect {part!r}: expected name=reading with a name among {known}")
        chosen[name.strip()] = value.strip()
    return Dialect(**chosen)


def every_reading() -> list[Dialect]:
    """The fewest dialects that together speak every reading of every switch."""
    widest = max(len(choices) for choices in CHOICES.values())
    return [
        Dialect(**{name: choices[i % len(choices)] for name, choices in CHOICES.items()})
        for i in range(widest)
    ]
