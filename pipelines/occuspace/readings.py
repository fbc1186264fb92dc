"""Readers of Occuspace's open points: ids as JSON numbers or strings, `parentId` or `parentID`,
and the `message` of each answer (docs/occuspace.md lists the readings and what is stored)."""

from __future__ import annotations

import re
from typing import Any

from pipelines.http import Unreadable

# The parent id's spellings: `parentID` in the docs' table and example, `parentId` in the
# camelCase of every other field; either is read.
PARENT_KEYS = ("parentID", "parentId")
PARENT = "parentId"  # stored under one name (dlt lands it as parent_id either way)
# The one message text occuspace-v1.txt gives; any other explains a discrepancy (missing data,
# days before activation, parts closed) in words the docs do not fix.
OK_MESSAGE = "OK"
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def location_id(value: Any, where: str, field: str, vendor: str = "Occuspace") -> int:
    """An id sent as a JSON integer or a string of digits, as an integer (the documented type)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value.strip())
    raise Unreadable.of(
        vendor, "GET", where, "the snapshot", f"{field} (an integer id)", repr(value)
    )


def location_node(node: Any, vendor: str = "Occuspace") -> dict:
    """A `/locations` node with an integer `id` and `parentId` (null for a root); its other
    fields, unknown ones included, as they came."""
    if not isinstance(node, dict):
        raise Unreadable.of(
            vendor, "GET", "/locations", "the snapshot", "a location node", repr(node)
        )
    given = {key: node[key] for key in PARENT_KEYS if key in node}
    parents = {
        None if value is None else location_id(value, "/locations", key, vendor)
        for key, value in given.items()
    }
    if len(parents) > 1:
        found = repr(given)
        raise Unreadable.of(
            vendor, "GET", "/locations", "the snapshot", "parentID/parentId (one parent)", found
        )
    read = {key: value for key, value in node.items() if key not in PARENT_KEYS}
    read["id"] = location_id(node.get("id"), "/locations", "id", vendor)
    read[PARENT] = parents.pop() if parents else None
    return read


def now_reading(data: dict, path: str, vendor: str = "Occuspace") -> dict:
    """A `/now` answer with its own and its children's ids as integers."""
    read = {**data, "id": location_id(data.get("id"), path, "id", vendor)}
    children = data.get("childCounts")
    if isinstance(children, list):
        read["childCounts"] = [
            {**child, "id": location_id(child.get("id"), path, "childCounts.id", vendor)}
            if isinstance(child, dict)
            else child
            for child in children
        ]
    return read


def message_kind(message: str | None) -> str | None:
    """'ok' for the documented "OK", 'discrepancy' for any other text (kept as it came)."""
    if message is None:
        return None
    return "ok" if message.strip() == OK_MESSAGE else "discrepancy"
