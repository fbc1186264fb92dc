"""The Dagster UI in chromium, on `dagster dev` serving the simulator with Occuspace unconfigured:
a 3-day backfill of `load_and_build` launched by clicking succeeds in one run and says which vendor
it skipped; a day after the simulator's present is refused (a red run), never green and empty."""

import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from tests.fixtures.dagster_ui import dagster_dev
from tests.fixtures.timeline import timeline

pytestmark = pytest.mark.slow

UNCONFIGURED = "OCCUSPACE_API_TOKEN"
JOB = "load_and_build"


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    """One `dagster dev` for the module's tests (starting it is the slow part)."""
    with dagster_dev(tmp_path_factory.mktemp("dagster_ui"), unset=(UNCONFIGURED,)) as served:
        yield served


def launch_backfill(page, ui, partitions: str, shots) -> str:
    """Open the job's asset graph, click "Materialize all", type `partitions` (the dialog's
    range syntax) and launch; the backfill's id, read from the UI's confirmation."""
    page.goto(f"{ui.base_url}/locations/occupancy_elt/jobs/{JOB}")
    page.get_by_text("View as Asset Graph").wait_for()
    materialize = page.get_by_role("button", name="Materialize all…")
    materialize.wait_for()
    shots.take(page, "asset-graph")
    materialize.click()
    dialog = page.get_by_role("dialog")
    # The job's selection and the graph agree: no "Are you sure? ... may fail" before the launch.
    dialog.get_by_text("Partition selection").wait_for()
    box = dialog.get_by_placeholder("No matching partitions")
    box.fill(partitions)
    box.press("Enter")
    shots.take(page, "launch-dialog")
    dialog.get_by_role("button", name="Launch backfill").click()
    created = page.get_by_text(re.compile(r"Created backfill \w+"))
    created.wait_for()
    shots.take(page, "launched")
    return re.search(r"Created backfill (\w+)", created.inner_text()).group(1)


def the_run(ui, backfill: dict) -> tuple[str, list[dict]]:
    """The backfill's one run: its id and its events."""
    assert len(backfill["runs"]) == 1, backfill  # one run for the whole range
    run_id = backfill["runs"][0]["runId"]
    return run_id, ui.events(run_id)


def test_a_three_day_backfill_launched_by_clicking_succeeds(ui, page, screenshots):
    last = ui.sim.world.now.date() - timedelta(days=1)
    first = last - timedelta(days=2)
    backfill_id = launch_backfill(page, ui, f"[{first}...{last}]", screenshots)
    page.goto(f"{ui.base_url}/runs/b/{backfill_id}")
    backfill = ui.finished_backfill(backfill_id)
    run_id, events = the_run(ui, backfill)
    page.reload()
    page.get_by_text("Succeeded", exact=True).first.wait_for()
    screenshots.take(page, "backfill-done")

    assert backfill["status"] == "COMPLETED_SUCCESS", backfill
    assert backfill["runs"][0]["status"] == "SUCCESS"
    warnings = [e["message"] for e in events if e.get("level") == "WARNING"]
    assert f"Occuspace skipped: {UNCONFIGURED} not set" in warnings
    assert not [e for e in events if "Traceback" in e.get("message", "")]

    page.goto(f"{ui.base_url}/runs/{run_id}")
    page.get_by_placeholder("Filter…").fill(f"Occuspace skipped: {UNCONFIGURED}")
    page.get_by_text(f"Occuspace skipped: {UNCONFIGURED} not set").first.wait_for()
    screenshots.take(page, "run-events")

    checks = ui.checks(["marts", "occupancy_hourly"])
    assert checks and all(checks.values()), checks
    # The check's own page, as its link in the checks list opens it.
    check = urlencode({"view": "checks", "checkDetail": sorted(checks)[0]})
    page.goto(f"{ui.base_url}/assets/marts/occupancy_hourly?{check}")
    page.get_by_text("Passed", exact=True).first.wait_for()
    screenshots.take(page, "asset-check")

    figures = timeline(float(backfill["timestamp"]), events).as_dict()
    (screenshots.folder / "timeline.json").write_text(json.dumps(figures, indent=2))


def test_a_day_after_the_simulators_present_is_refused_not_green(ui, page, screenshots):
    # two days, so the dialog launches a backfill (one partition would be a plain run)
    future = ui.sim.world.now.date() + timedelta(days=3)
    days = f"{future}..{future + timedelta(days=1)}"
    backfill_id = launch_backfill(page, ui, f"[{days.replace('..', '...')}]", screenshots)
    backfill = ui.finished_backfill(backfill_id)
    run_id, events = the_run(ui, backfill)
    page.goto(f"{ui.base_url}/runs/{run_id}")
    page.get_by_text(re.compile(f"{days}: not over at .+'s present")).first.wait_for()
    screenshots.take(page, "run-refused")

    assert backfill["runs"][0]["status"] == "FAILURE", backfill
    refusals = [
        f"{e['message']} {(e.get('error') or {}).get('message', '')}"
        for e in events
        if e.get("level") == "ERROR"
    ]
    assert any(f"{days}: not over at" in message for message in refusals), refusals
    # refused whole: no asset of that day turned green
    assert not [e for e in events if e.get("eventType") == "ASSET_MATERIALIZATION"]
