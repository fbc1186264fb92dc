"""`occupancy-elt bench`: a tiny run's printed figures agree with each other; bad input is refused."""

import logging
import re

import pytest

from assets.cli import main

NUMBER = r"([0-9.]+|n/a)"


def _figures(out: str) -> dict[str, list[str]]:
    """Each printed line's label -> the numbers and ratios on it."""
    figures = {}
    for line in out.splitlines():
        label, _, rest = line.partition(":")
        figures[label] = re.findall(r"(?<![\w.])(\d+(?:\.\d+)?x?|n/a)", rest)
    return figures


def _quotient(shown: str, value: float, base: float, step: float = 0.05) -> None:
    """`shown` is value/base to its 2 decimals, value and base being printed to +-`step`."""
    assert shown.endswith("x")
    rounding = 0.005 + step / base + value * step / base**2
    assert float(shown[:-1]) == pytest.approx(value / base, abs=rounding)


@pytest.mark.slow
def test_a_tiny_bench_prints_figures_that_agree(capsys):
    argv = ["bench", "--days", "2", "--spaces", "3", "--rate-limit", "1000000", "--no-dbt"]
    levels = {name: logging.getLogger(name).level for name in ("httpx", "dlt", "pipelines")}
    assert main(argv) == 0
    # quiet while it ran, as it was after: a warning logged later in the process is still heard
    assert {name: logging.getLogger(name).level for name in levels} == levels
    figures = _figures(capsys.readouterr().out)
    requests, minimum, shown = figures["requests"]
    assert int(requests) == int(minimum) > 7  # the lists, then counts and events per space
    _quotient(shown, int(requests), int(minimum), step=0)
    assert figures["http 429"] == ["0"]
    assert figures["bound"] == ["0.0"]  # lifted: no bound, so no ratio to it
    assert figures["request span"][1] == figures["wall"][1] == "n/a"
    wall = float(figures["wall"][0])
    for phase in ("extract", "normalize", "load"):
        seconds, shown = figures[f"phase {phase}"]
        _quotient(shown, float(seconds), wall)
    rows, local, vendor, rate = figures["raw rows"]
    assert float(rate) == pytest.approx(int(rows) / float(local), rel=0.05)
    for peer in ("peer dlt rest_api", "peer naive loop"):
        peer_requests, throttled, peer_rows, seconds, shown = figures[peer]
        assert int(peer_rows) > 0 and throttled == "0"
        _quotient(shown, float(seconds), wall)
    # the naive loop asks each space's counts and events once a day, after the spaces list
    assert int(figures["peer naive loop"][0]) == 1 + 2 * 3 * 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--source", "density_v9"], "--source must be one of"),
        (["--days", "0"], "--days must be between 1 and"),
        (["--spaces", "0"], "--spaces must be between 1 and"),
        (["--rate-limit", "0"], "--rate-limit must be between 1 and"),
    ],
)
def test_bad_bench_input_is_one_line(capsys, argv, message):
    assert main(["bench", *argv]) == 2
    assert message in capsys.readouterr().err


def test_the_simulator_refuses_an_empty_portfolio(capsys):
    assert main(["simulator", "--spaces", "0"]) == 2
    assert "--spaces must be between 1 and" in capsys.readouterr().err
