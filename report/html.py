"""The report as one self-contained HTML page: inline CSS, charts as base64 PNG data URIs."""

from __future__ import annotations

import base64
from html import escape

from report.build import Chart, Report

STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
section { margin: 2.5em 0; }
h2 { margin-bottom: 0.2em; }
p.caption { color: #555; margin-top: 0; }
p.empty { padding: 1em; background: #f4f4f4; }
img { max-width: 100%; }
"""


def data_uri(png: bytes) -> str:
    """A PNG as a data: URI, so the page needs no file and no network."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def section(chart: Chart) -> str:
    """One chart: title, caption, and the image or the words saying there is no data."""
    body = (
        f'<img src="{data_uri(chart.png)}" alt="{escape(chart.title)}">'
        if chart.png
        else f'<p class="empty">{escape(chart.empty)}</p>'
    )
    return (
        f'<section id="{chart.key}">\n<h2>{escape(chart.title)}</h2>\n'
        f'<p class="caption">{escape(chart.caption)}</p>\n{body}\n</section>'
    )


def page(report: Report) -> str:
    """The whole HTML document."""
    covers = escape(report.span) if report.span else "no occupancy data yet"
    sections = "\n".join(section(chart) for chart in report.charts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Occupancy report</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n<h1>Occupancy report</h1>\n"
        f"<p>{covers}; generated {escape(report.generated)}.</p>\n{sections}\n</body>\n</html>\n"
    )
