"""dlt column hints and the request-window stamp that every raw record carries."""

from __future__ import annotations

from typing import Any

from pipelines.windows import Window

TS, DATE, TIME, JSON, INT, TEXT, FLOAT, BOOL = (
    "timestamp",
    "date",
    "time",
    "json",
    "bigint",
    "text",
    "double",
    "bool",
)
WINDOW = {"window_start": TS, "window_end": TS}


def hints(types: dict[str, str]) -> dict[str, dict[str, Any]]:
    """dlt column hints from {column: type}, declared so that a column null in every record of a
    load still exists with its real type; a fresh dict each, since dlt fills hints in place."""
    return {name: {"data_type": data_type} for name, data_type in types.items()}


def stamp(records: list[dict], window: Window, **extra: Any) -> list[dict]:
    """`records` with `extra` fields and the request window they were fetched for."""
    return [
        {**record, **extra, "window_start": window.start, "window_end": window.end}
        for record in records
    ]
