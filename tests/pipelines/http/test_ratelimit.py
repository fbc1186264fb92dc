"""The rate limiter: at most N arrivals in any window, stamped at completion, for every request."""

import random
import threading
from collections import Counter

import httpx
import pytest

from pipelines.http import RateLimiter
from tests.fixtures.http import FakeTime, assert_within_limit, make_client

# --- the rate limiter ------------------------------------------------------------------------


def test_limiter_keeps_130_calls_within_60_per_minute(router):
    fake = FakeTime()
    arrivals: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        arrivals.append(fake.now)
        return httpx.Response(200, json={})

    router.get("/spaces/").mock(side_effect=answer)
    client, _ = make_client(RateLimiter(60, 60, clock=fake.clock, sleep=fake.sleep))
    for _ in range(130):
        client.get("spaces/")

    assert fake.now >= 120
    assert Counter(int(t // 60) for t in arrivals) == {0: 60, 1: 60, 2: 10}
    assert_within_limit([(t, t) for t in arrivals], 60, 60)


def test_limiter_stamps_on_completion_so_slow_responses_cannot_overshoot(router):
    fake = FakeTime()
    intervals: list[tuple[float, float]] = []
    latencies = iter([10.5, 0.0, 0.0])

    def slow(request: httpx.Request) -> httpx.Response:
        sent = fake.now
        fake.now += next(latencies)
        intervals.append((sent, fake.now))
        return httpx.Response(200, json={})

    router.get("/spaces/").mock(side_effect=slow)
    client, _ = make_client(RateLimiter(2, 10, clock=fake.clock, sleep=fake.sleep))
    for _ in range(3):
        client.get("spaces/")
    # The first request may reach the vendor as late as 10.5, in the window [10, 20): stamped at
    # its send (0), the third request would go at 10.5 and make three arrivals in that window.
    assert [sent for sent, _ in intervals] == [0.0, 10.5, 20.5]
    assert_within_limit(intervals, 2, 10)


def test_limiter_holds_with_random_slow_responses(router):
    fake = FakeTime()
    rng = random.Random(7)
    intervals: list[tuple[float, float]] = []

    def slow(request: httpx.Request) -> httpx.Response:
        sent = fake.now
        fake.now += rng.choice([0.0, 0.0, 0.3, 2.5, 9.9, 10.0, 14.0])
        intervals.append((sent, fake.now))
        return httpx.Response(200, json={})

    router.get("/spaces/").mock(side_effect=slow)
    client, _ = make_client(RateLimiter(5, 10, clock=fake.clock, sleep=fake.sleep))
    for _ in range(80):
        client.get("spaces/")
    assert_within_limit(intervals, 5, 10)


def test_every_retry_attempt_passes_through_the_limiter(router):
    fake = FakeTime()
    sent: list[float] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        sent.append(fake.now)
        return httpx.Response(503 if len(sent) < 3 else 200, json={})

    router.get("/spaces/").mock(side_effect=flaky)
    client, waits = make_client(RateLimiter(2, 10, clock=fake.clock, sleep=fake.sleep))
    assert client.get("spaces/") == {}
    assert waits == [0.5, 1.0]  # the backoff (recorded, not slept on the fake clock)
    assert sent == [0.0, 0.0, 10.0]  # the third attempt waited for the limiter
    assert fake.sleeps == [10.0]


def test_limiter_is_thread_safe():
    fake = FakeTime()
    limiter = RateLimiter(5, 10, clock=fake.clock, sleep=fake.sleep)
    intervals: list[tuple[float, float]] = []
    record = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(10):
            limiter.acquire()
            sent = fake.clock()
            fake.sleep(rng.choice([0.0, 0.5, 4.0]))  # the request is in flight
            with record:
                intervals.append((sent, fake.clock()))
            limiter.release()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not any(thread.is_alive() for thread in threads)
    assert len(intervals) == 80
    assert_within_limit(intervals, 5, 10)


def test_per_second_limiter_conforms_to_a_token_bucket():
    fake = FakeTime()
    limiter = RateLimiter.per_second(15, burst=100, clock=fake.clock, sleep=fake.sleep)
    sent = []
    for _ in range(250):
        with limiter.slot():
            sent.append(fake.now)
    assert sent[99] == 0.0 and sent[100] == pytest.approx(100 / 15)
    for i in range(len(sent)):
        for j in range(i, len(sent)):
            assert j - i + 1 <= 100 + 15 * (sent[j] - sent[i]) + 1e-9
