"""The CLI's console: plain progress lines off a terminal, and the summary table."""

import io

from rich.console import Console

from assets.cli.progress import progress_display, summary_table
from pipelines.progress import BOARD, SourceProgress


def _text(table) -> str:
    out = io.StringIO()
    Console(file=out, width=120).print(table)
    return out.getvalue()


def test_off_a_terminal_progress_is_a_few_plain_lines_per_source():
    out = io.StringIO()
    with progress_display(out):
        progress = BOARD.start("density_v2", label="Density v2")
        progress.plan(200)
        for _ in range(200):
            progress.request(0.0)
            progress.window_done()
        progress.finish()
    lines = out.getvalue().splitlines()
    assert len(lines) == 1  # off a terminal: the end of a source (and one line every 30 s)
    assert lines[-1].strip() == "Density v2: 200/200 windows, 200 requests, 0 x 429"
    progress.window_done()  # after the display: no more lines
    assert out.getvalue().splitlines() == lines


def test_summary_table_gives_requests_time_against_the_bound_and_rows_per_mart():
    v2 = SourceProgress("density_v2", label="Density v2", rate=1.0, burst=60, rolling=True)
    for _ in range(61):
        v2.request(0.0)
    v2.add_rows("counts", 1200)
    v2.add_rows("events", 34)
    v3 = SourceProgress("density_v3", label="Density v3", rate=15.0, burst=100, rolling=False)
    for _ in range(250):
        v3.request(0.0)
    v3.finish("failed")
    text = _text(summary_table([v2, v3], {"occupancy_daily": 150, "spaces": 52}, wall=75.0))
    row = {line.split("│")[1].strip(): line for line in text.splitlines() if "│" in line}
    assert "1m00s" in row["Density v2"]  # ceil(61 / 60) - 1 minutes at 60 a minute
    assert "1234" in row["Density v2"]
    assert "10s" in row["Density v3 (failed)"]  # (250 - 100) / 15 s
    assert "150" in row["marts.occupancy_daily"] and "52" in row["marts.spaces"]
    assert "done in 1m15s" in text
