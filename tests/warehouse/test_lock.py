"""The warehouse lock: a reader waits for a writer of another process, told who holds it; a
killed holder leaves no stale lock; a read inside a write in one process takes nothing more."""

import logging
import signal
import subprocess
import sys
import threading

import duckdb

from warehouse.destination import connect_read_only
from warehouse.lock import hold, lock_path
from warehouse.paths import PROJECT_ROOT

# A writer in another process: holds the lock until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from warehouse.lock import hold
with hold(Path(sys.argv[1]), "dbt build"):
    print("held", flush=True)
    sys.stdin.read()
"""


def _writer(warehouse) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse)],
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
