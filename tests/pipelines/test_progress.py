"""The run's counters: the rate-limit bound, the ETA, throttled progress lines, the board."""

from contextlib import contextmanager

import pytest

from pipelines.progress import Board, Metered, SourceProgress, Throttled, rate_bound
from tests.fixtures.http import FakeTime


@pytest.mark.parametrize(
    ("requests", "rate", "burst", "rolling", "seconds"),
    [
        (60, 1.0, 60, True, 0.0),  # one minute's quota at once
        (61, 1.0, 60, True, 60.0),  # v2: ceil(R/60) - 1 minutes
        (130, 1.0, 60, True, 120.0),
        (130, 10.0, 600, True, 0.0),  # the demo's 600 a minute
        (100, 15.0, 100, False, 0.0),  # v3: the burst is free
        (250, 15.0, 100, False, 10.0),  # then (R - 100) / 15 s
    ],
)
def test_rate_bound_is_the_least_time_the_vendors_limit_allows(
    requests, rate, burst, rolling, seconds
):
    assert rate_bound(requests, rate, burst, rolling) == pytest.approx(seconds)


def test_eta_is_never_less_than_the_rate_limit_still_requires():
    progress = SourceProgress("density_v2", rate=1.0, burst=60, rolling=True)
    progress.plan(40)
    for _ in range(10):
        progress.request(0.0)
        progress.request(0.0)
        progress.window_done()
    eta = progress.eta()
    # 20 requests so far, 2 a window: 80 in all need one more minute after the first 60
    assert eta == pytest.approx(60.0 - progress.elapsed, abs=1.0)
    assert SourceProgress("omnos").eta() is None  # nothing done: no pace to go by


def test_throttled_lines_come_every_tenth_of_the_windows_and_at_the_end():
    lines: list[str] = []
    progress = SourceProgress("density_v2", label="Density v2")
    progress.listeners.append(Throttled(lines.append, seconds=3600, share=0.1, gap=0.0))
    progress.plan(40)
    for _ in range(40):
        progress.request(0.0)
        progress.window_done()
    progress.finish()
    assert len(lines) == 10
    assert lines[0] == "Density v2: 4/40 windows, 4 requests, 0 x 429"
    assert lines[-1] == "Density v2: 40/40 windows, 40 requests, 0 x 429"


def test_throttled_lines_keep_a_gap_and_come_every_few_seconds_without_progress():
    fake, lines = FakeTime(), []
    progress = SourceProgress("occuspace", label="Occuspace")
    progress.listeners.append(
        Throttled(lines.append, seconds=5, share=0.1, gap=1, clock=fake.clock)
    )
    progress.plan(10)
    for _ in range(5):
        progress.window_done()  # half the windows at once: no line within the gap
    fake.sleep(5)
    progress.request(0.0)  # five seconds on, any change brings a line
    progress.request(0.0)  # and the next waits again
    assert lines == ["Occuspace: 5/10 windows, 1 requests, 0 x 429"]


def test_the_board_tells_subscribers_of_each_source_until_they_unsubscribe():
    board, heard = Board(), []
    unsubscribe = board.subscribe(lambda p: heard.append((p.source, p.windows_done)))
    first = board.start("occuspace")
    first.window_done()
    unsubscribe()
    first.window_done()
    board.start("omnos")
    assert heard == [("occuspace", 0), ("occuspace", 1)]
    assert list(board.sources) == ["occuspace", "omnos"]


def test_metered_counts_each_slot_as_a_request_with_its_wait():
    fake, progress = FakeTime(), SourceProgress("density_v3")

    class Limiter:
        @contextmanager
        def slot(self):
            fake.sleep(2.5)
            yield

    metered = Metered(Limiter(), lambda: progress, clock=fake.clock)
    for _ in range(2):
        with metered.slot():
            pass
    assert (progress.requests, progress.waited) == (2, 5.0)
