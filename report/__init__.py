"""The occupancy report: charts of the marts written as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

from report.build import Chart, Report, build_report
from report.html import data_uri, page

REPORT_FILE = "report.html"


def default_output(warehouse_path: Path) -> Path:
    """Where the report goes unless told otherwise: beside the warehouse, in the data folder."""
    return warehouse_path.parent / REPORT_FILE


def write_report(warehouse_path: Path, output: Path) -> Report:
    """Build the report from the warehouse's marts and write it to `output` as HTML."""
    report = build_report(warehouse_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page(report), encoding="utf-8")
    return report


__all__ = ["Chart", "Report", "build_report", "data_uri", "default_output", "write_report"]
