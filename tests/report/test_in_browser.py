"""`occupancy-elt report` opened in chromium from disk, offline: every chart image decodes and
renders (naturalWidth > 0), as a reader would see it."""

import pytest

from assets.cli import main
from report.build import SPECS
from tests.fixtures.browser import browser, page, screenshots  # noqa: F401
from tests.fixtures.marts import write_small_marts

pytestmark = pytest.mark.slow  # a browser and every chart rendered: seconds, not milliseconds

IMAGES = """() => Array.from(document.images, img => ({
    alt: img.alt, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight
}))"""


def test_every_image_of_the_report_renders_in_the_browser(tmp_path, page, screenshots):  # noqa: F811
    warehouse = write_small_marts(tmp_path / "w.duckdb")
    output = tmp_path / "report.html"
    assert main(["report", "--warehouse", str(warehouse), "--output", str(output)]) == 0
    # No network: a chart that needed one would not render.
    page.route("http*://**", lambda route: route.abort())
    page.goto(output.as_uri())
    page.wait_for_load_state("load")
    screenshots.take(page, "report")

    images = page.evaluate(IMAGES)
    assert len(images) == len(SPECS)
    broken = [image for image in images if not (image["complete"] and image["width"] > 0)]
    assert not broken, broken
    assert page.locator("h2").all_inner_texts() == [spec.title for spec in SPECS]
