"""The warehouse lock: a reader waits for a writer of another process, told who holds it; a
killed holder leaves no stale lock; a read inside a write in one process takes nothing more."""

import logging
import signal
import subprocess
import sys
import threading

import duckdb
import pytest

from warehouse.destination import connect_read_only, raw_pipeline
from warehouse.lock import hold, lock_path
from warehouse.paths import PROJECT_ROOT

# A writer in another process: holds the lock until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from warehouse.lock import hold, hold_pipeline
path = Path(sys.argv[1])
lock = hold_pipeline(path.parent / "dlt_pipelines", sys.argv[2]) if sys.argv[2:] else hold(path, "dbt build")
with lock:
    print("held", flush=True)
    sys.stdin.read()
"""


def _writer(warehouse, *pipeline: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse), *pipeline],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    return holder


def _warehouse(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table t as select 42 as answer")
    return path


def test_a_reader_waits_for_a_writer_of_another_process_and_says_who(tmp_path, caplog):
    warehouse = _warehouse(tmp_path)
    writer = _writer(warehouse)
    answers: list[int] = []
    waiting = threading.Event()

    class Seen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            waiting.set()

    seen = Seen()
    logging.getLogger("warehouse.lock").addHandler(seen)

    def read() -> None:
        with connect_read_only(warehouse) as con:
            answers.append(con.execute("select answer from t").fetchone()[0])

    caplog.set_level(logging.WARNING, "warehouse.lock")
    reader = threading.Thread(target=read)
    try:
        reader.start()
        assert waiting.wait(30)
        assert answers == []  # still waiting: the writer holds the lock
        writer.stdin.close()
        reader.join()
    finally:
        logging.getLogger("warehouse.lock").removeHandler(seen)
        writer.wait()
    assert answers == [42]
    [line] = [r.getMessage() for r in caplog.records]
    assert line == f"waiting for the warehouse (held by pid {writer.pid}: dbt build) to read"


def test_a_killed_writer_leaves_no_stale_lock(tmp_path):
    warehouse = _warehouse(tmp_path)
    writer = _writer(warehouse)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert lock_path(warehouse).exists()
    with hold(warehouse, "load"), connect_read_only(warehouse) as con:
        assert con.execute("select answer from t").fetchone() == (42,)


def test_holds_nest_in_one_process_and_the_last_release_frees_the_file(tmp_path):
    warehouse = _warehouse(tmp_path)
    with hold(warehouse, "lake export"), hold(warehouse, "read", exclusive=False):
        assert "lake export" in lock_path(warehouse).read_text()
    holder = _writer(warehouse)  # another process gets it at once: nothing is left held here
    holder.stdin.close()
    assert holder.wait() == 0


@pytest.mark.slow  # a dlt run: about 5 s on a busy machine
def test_a_second_run_of_one_dlt_pipeline_waits_for_the_first(tmp_path, caplog):
    warehouse = _warehouse(tmp_path)
    holder = _writer(warehouse, "occupancy_omnos")
    caplog.set_level(logging.WARNING, "warehouse.lock")
    pipeline = raw_pipeline("omnos", warehouse)
    run = threading.Thread(target=lambda: pipeline.run([{"id": 1}], table_name="probe"))
    run.start()
    while not caplog.records:  # the run announces it waits before it blocks
        run.join(0.01)
    assert run.is_alive()
    holder.stdin.close()
    run.join()
    assert holder.wait() == 0
    [line] = [r.getMessage() for r in caplog.records]
    assert line == (
        f"waiting for dlt pipeline occupancy_omnos (held by pid {holder.pid}:"
        " run occupancy_omnos) to run occupancy_omnos"
    )
    with connect_read_only(warehouse) as con:
        assert con.execute("select id from omnos.probe").fetchall() == [(1,)]
