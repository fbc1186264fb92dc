"""The report asset: the marts' charts as one HTML file, the charts also shown in its metadata."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from assets.lake import MART_KEYS
from assets.partitions import WAREHOUSE_POOL, backfill_policy, daily_partitions
from assets.resources import Warehouse
from report import Chart, data_uri, default_output, write_report


def chart_markdown(chart: Chart) -> MetadataValue:
    """One chart as Markdown the Dagster UI renders: caption, then the image or why there is none."""
    body = f"![{chart.title}]({data_uri(chart.png)})" if chart.png else f"*{chart.empty}*"
    return MetadataValue.md(f"{chart.caption}\n\n{body}")


@asset(
    key=AssetKey(["report", "occupancy"]),
    deps=MART_KEYS,
    group_name="report",
    # Whole-warehouse like the lake: partitioned the same way so a backfill of the marts takes
    # it along in the same single run, and it reads the file only between two writers.
    partitions_def=daily_partitions,
    backfill_policy=backfill_policy,
    pool=WAREHOUSE_POOL,
)
def occupancy_report(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """Charts of the marts (utilization heatmaps, space use, capacity, data quality) in one
    self-contained HTML file beside the warehouse."""
    path = default_output(warehouse.warehouse_path)
    report = write_report(warehouse.warehouse_path, path)
    context.log.info(f"wrote {path}")
    context.add_asset_metadata(
        {"path": MetadataValue.path(str(path)), "covers": report.span or "no occupancy data yet"}
    )
    # A run over a range records one materialization per day: the charts (some 300 kB) go on the
    # last day's only, the one the asset's page shows, not once per day of a year's backfill.
    context.add_asset_metadata(
        {chart.title: chart_markdown(chart) for chart in report.charts},
        partition_key=context.partition_key_range.end,
    )
    return MaterializeResult()
