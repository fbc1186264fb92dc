"""`SharedRateLimiter`: limiters of one state file (two processes' worth) share one quota, the
file never holds the credential, and a dead process's in-flight slot is freed."""

import json
import subprocess
import sys

from pipelines.http.ratelimit import SharedRateLimiter, state_file


class Clock:
    """A clock that only moves when a limiter sleeps."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _pair(tmp_path, clock: Clock, limit: int = 60) -> list[SharedRateLimiter]:
    path = state_file(tmp_path, "density_v2 https://api.density.io/v2 tok_SECRET")
    return [SharedRateLimiter(limit, 60.0, path, clock=clock, sleep=clock.sleep) for _ in range(2)]


def test_two_limiters_of_one_file_send_at_most_the_limit_per_minute_together(tmp_path):
    clock = Clock()
    limiters = _pair(tmp_path, clock)
    sent: list[float] = []
    for i in range(150):
        with limiters[i % 2].slot():
            sent.append(clock.now)
    assert clock.slept  # the shared quota made them wait
    for i in range(len(sent) - 60):
        assert sent[i + 60] - sent[i] >= 60.0
    assert sent[59] == sent[0]  # the first 60 went at once: one quota, not two of 30


def test_the_state_file_is_named_by_a_hash_and_holds_no_credential(tmp_path):
    clock = Clock()
    limiter, _ = _pair(tmp_path, clock)
    with limiter.slot():
        pass
    [path] = tmp_path.iterdir()
    assert "SECRET" not in path.name and "SECRET" not in path.read_text()
    assert len(json.loads(path.read_text())["stamps"]) == 1


def test_a_slot_held_by_a_process_that_died_is_freed(tmp_path):
    clock = Clock()
    limiter, _ = _pair(tmp_path, clock, limit=1)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], stdout=-1)
    pid = int(dead.stdout)
    limiter.path.write_text(json.dumps({"stamps": [], "flight": {f"{pid}:0": clock.now}}))
    with limiter.slot():
        pass
    assert clock.slept == []
