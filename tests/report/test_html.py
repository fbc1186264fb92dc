"""The report file: self-contained (every image an embedded PNG, no URL), every chart titled."""

import io

import pytest
from PIL import Image

from report import write_report
from report.build import SPECS, Chart, Report
from report.html import page
from tests.fixtures.marts import write_small_marts
from tests.report.pages import Page, png_size, sane


def one_pixel_png() -> bytes:
    """The smallest PNG there is, as PIL writes it."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_page_embeds_the_png_and_escapes_the_text():
    blank = Chart("a", "A <b> chart", "read & weep", None, "No data: none.")
    with_png = Chart("b", "B", "caption", one_pixel_png())
    text = page(Report([blank, with_png], "local days 2024-11-04 to 2024-11-05, 1 spaces", "now"))
    html = Page(text)
    assert html.titles == ["A <b> chart", "B"]
    assert "A &lt;b&gt; chart" in text and "read &amp; weep" in text
    assert [png_size(src) for src in html.images] == [(1, 1)]
    assert "No data: none." in html.paragraphs


# Renders every chart (a second or more on a busy machine): with the end-to-end tests.
@pytest.mark.slow
def test_every_chart_is_an_embedded_png_with_its_title_and_caption(tmp_path):
    warehouse = write_small_marts(tmp_path / "w.duckdb")
    output = tmp_path / "out" / "report.html"
    write_report(warehouse, output)
    text = output.read_text(encoding="utf-8")
    page = Page(text)
    assert page.titles == [spec.title for spec in SPECS]
    assert [spec.caption for spec in SPECS] == page.paragraphs[1:]
    assert len(page.images) == len(SPECS)
    assert all(sane(png_size(src)) for src in page.images)
    assert "http://" not in text and "https://" not in text
    assert "local days 2024-11-04 to 2024-11-15, 3 spaces" in text


def test_charts_without_rows_say_so_in_words(tmp_path):
    warehouse = write_small_marts(tmp_path / "w.duckdb", empty=True)
    output = tmp_path / "report.html"
    write_report(warehouse, output)
    page = Page(output.read_text(encoding="utf-8"))
    assert page.images == []
    assert page.titles == [spec.title for spec in SPECS]
    assert page.paragraphs.count("No data: the warehouse has no rows for this chart yet.") == len(
        SPECS
    )
