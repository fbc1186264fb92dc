"""Density v2 counts filtered by time segments: which parts of each count bucket a filter keeps."""

# `time_segment_labels` names segments by label and `time_segment_groups` names groups by id or
# name, each comma-separated; the filter keeps the union of their daily windows, in the space's
# local time on the segment's days (a segment ending at or before its start closes the next day).

from collections.abc import Mapping
from datetime import date, timedelta

from simulator.http.vendor_api import ApiError
from simulator.world.model import Portfolio, TimeSegment
from simulator.world.timeutil import local_date, local_instant

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _names(query: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in query.get(name, "").split(",") if part.strip()]


def chosen_segments(folio: Portfolio, query: Mapping[str, str]) -> list[TimeSegment] | None:
    """The segments a counts request filters by, None without a filter; 400 on an unknown name."""
    labels, groups = _names(query, "time_segment_labels"), _names(query, "time_segment_groups")
    if not labels and not groups:
        return None
    by_id = {s.id: s for s in folio.time_segments}
    by_label = {s.label: s for s in folio.time_segments}
    chosen: dict[str, TimeSegment] = {}
    for label in labels:
        if label not in by_label:
            raise ApiError(400, f"time_segment_labels: no time segment is labelled {label!r}.")
        chosen[by_label[label].id] = by_label[label]
    for ref in groups:
        group = next((g for g in folio.time_segment_groups if ref in (g.id, g.name)), None)
        if group is None:
            raise ApiError(400, f"time_segment_groups: no time segment group {ref!r}.")
        chosen.update((s, by_id[s]) for s in group.segment_ids)
    return list(chosen.values())


def _day_windows(segment: TimeSegment, day: date, tz: str) -> tuple[int, int]:
    closes = day if segment.end > segment.start else day + timedelta(days=1)
    return local_instant(day, segment.start, tz), local_instant(closes, segment.end, tz)


def segment_windows(
    segments: list[TimeSegment], tz: str, start_us: int, end_us: int
) -> list[tuple[int, int]]:
    """The merged, sorted instants [open, close) the segments are on between start and end."""
    windows = []
    day = local_date(start_us, tz) - timedelta(days=1)  # yesterday's overnight segment
    while day <= local_date(end_us - 1, tz):
        windows += [
            _day_windows(s, day, tz) for s in segments if _DAY_NAMES[day.weekday()] in s.days
        ]
        day += timedelta(days=1)
    merged: list[tuple[int, int]] = []
    for opens, closes in sorted(windows):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def bucket_pieces(
    bounds: list[tuple[int, int]], windows: list[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    """For each bucket, its parts inside the windows (empty: the filter drops the bucket)."""
    return [
        [
            (max(start, opens), min(end, closes))
            for opens, closes in windows
            if opens < end and closes > start
        ]
        for start, end in bounds
    ]
