"""Each row counted on its own local day, so a ranged run's partitions carry their own rows."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pyarrow as pa

from pipelines.day_rows import DayRows, row_day

NEW_YORK = ZoneInfo("America/New_York")


def test_a_row_with_a_date_is_on_that_day():
    assert row_day({"normalized_date": date(2024, 11, 3), "timestamp": "x"}, {}) == date(
        2024, 11, 3
    )
    assert row_day({"date": "2024-11-02"}, {}) == date(2024, 11, 2)


def test_an_instant_is_read_in_its_spaces_zone_else_in_utc():
    late = datetime(2024, 11, 3, 3, 30, tzinfo=UTC)  # 23:30 on the 2nd in New York
    zones = {"spc_1": NEW_YORK}
    assert row_day({"space_id": "spc_1", "timestamp": late}, zones) == date(2024, 11, 2)
    assert row_day({"space_id": "spc_2", "timestamp": late}, zones) == date(2024, 11, 3)
    assert row_day({"start_time": "2024-11-03T03:30:00Z", "space_id": "spc_1"}, zones) == date(
        2024, 11, 2
    )


def test_a_wall_time_is_already_local_and_a_dimension_has_no_day():
    assert row_day({"timestamp": datetime(2024, 11, 2, 23, 30)}, {}) == date(2024, 11, 2)
    assert row_day({"id": "spc_1", "created_at": datetime(2024, 1, 1, tzinfo=UTC)}, {}) is None


class _Resource:
    def __init__(self):
        self.maps = []

    def add_map(self, step):
        self.maps.append(step)


class _Source:
    def __init__(self, *names):
        self.resources = {name: _Resource() for name in names}

    def extract(self, name, rows):
        for row in rows:
            for step in self.resources[name].maps:
                assert step(row) is row  # rows pass through unchanged


def test_rows_are_counted_per_table_and_day_with_zones_from_the_spaces_seen_first():
    source, counter = _Source("spaces", "counts"), DayRows()
    counter.attach(source)
    source.extract("spaces", [{"id": "spc_1", "time_zone": "America/New_York"}, {"id": "spc_2"}])
    hours = [datetime(2024, 11, 3, h, tzinfo=UTC) for h in (2, 3, 4, 5)]
    source.extract("counts", [{"space_id": "spc_1", "timestamp": t} for t in hours])
    assert (counter.on("counts", date(2024, 11, 2)), counter.on("counts", date(2024, 11, 3))) == (
        2,  # 02:00 and 03:00 UTC are still the 2nd in New York (UTC-4)
        2,
    )
    assert counter.dated("counts") and not counter.dated("spaces")


def test_an_arrow_page_is_counted_by_its_instants_local_day():
    # the Arrow path's pages (pipelines/density_v2/arrow.py) count like dict rows: New York's
    # 22:00 on Jan 1 is 03:00 UTC on Jan 2
    rows = DayRows()
    rows.zones["s1"] = ZoneInfo("America/New_York")
    instants = [datetime(2026, 1, 2, 3, tzinfo=UTC), datetime(2026, 1, 2, 6, tzinfo=UTC)]
    page = pa.table(
        {"space_id": ["s1", "s1"], "timestamp": pa.array(instants, pa.timestamp("us", tz="UTC"))}
    )
    assert rows._count("counts", page) is page
    assert rows.on("counts", date(2026, 1, 1)) == 1
    assert rows.on("counts", date(2026, 1, 2)) == 1
    assert rows.dated("counts")
