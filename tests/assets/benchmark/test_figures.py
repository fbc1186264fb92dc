"""The bench's arithmetic: the rate-limit bounds of the issue, ratios, the Density v2 minimum."""

from datetime import date

from assets.benchmark.figures import Pacing, pages, ratio, shown_ratio, v2_minimum
from simulator.world.world import World

PER_MINUTE_60 = Pacing(1.0, 60, per_minute=True)
V3 = Pacing(15.0, 100, per_minute=False)


def test_a_per_minute_limit_bounds_by_whole_minutes_after_the_first():
    assert PER_MINUTE_60.bound_seconds(60) == 0
    assert PER_MINUTE_60.bound_seconds(61) == 60
    assert PER_MINUTE_60.bound_seconds(164) == 120  # the year of 6 spaces


def test_a_bucket_bounds_by_the_requests_beyond_its_burst():
    assert V3.bound_seconds(100) == 0
    assert V3.bound_seconds(250) == 10


def test_ratios_without_a_base_are_not_numbers():
    assert ratio(3, 2) == 1.5 and shown_ratio(ratio(3, 2)) == "1.50x"
    assert ratio(3, 0) is None and shown_ratio(None) == "n/a"


def test_pages_counts_an_empty_listing_as_one_request():
    assert [pages(n) for n in (0, 1, 1000, 1001)] == [1, 1, 1, 2]


def test_the_v2_minimum_grows_with_spaces_and_days():
    day = date(2026, 11, 19)
    small, large = World(7, spaces=3), World(7, spaces=9)
    # one day: 7 lists, and per space one counts window and one page of its day's events
    assert v2_minimum(small, "density_generated", day, day) == 7 + 3 * 2
    assert v2_minimum(large, "density_generated", day, day) == 7 + 9 * 2
    # a month of one building: one counts window, its ~7000 events take several pages
    month = v2_minimum(World(7, spaces=1), "density_generated", date(2026, 10, 21), day)
    assert month > 7 + 1 + 1
