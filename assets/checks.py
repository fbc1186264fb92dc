"""Asset checks on raw tables: what a load could not fetch is a failed check, not a lost line."""

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    asset_check,
)

from assets.resources import VendorConnection, Warehouse

# The outcomes of the latest Occuspace facts load (every request of it has one row).
_LATEST_OUTCOMES = """
    select location_id, location_name, endpoint, start_date, end_date, outcome, error
    from occuspace.request_outcomes
    where outcome <> 'ok'
      and _dlt_load_id = (select max(_dlt_load_id) from occuspace.request_outcomes)
    order by location_id, endpoint, start_date
"""


@asset_check(
    asset=AssetKey(["occuspace", "request_outcomes"]),
    name="every_request_answered",
    blocking=True,
    description="Every Occuspace request of the latest load got its data. A location the token "
    "may not read is a warning; any other gap (404, 5xx, a malformed body) fails the run after "
    "everything else was loaded: run the same days again to fill it.",
)
def occuspace_requests_answered(
    context: AssetCheckExecutionContext, warehouse: Warehouse, occuspace: VendorConnection
) -> AssetCheckResult:
    if missing := occuspace.missing():  # the load skipped Occuspace: it made no request to check
        return AssetCheckResult(passed=True, metadata={"skipped": f"{missing} not set"})
    with warehouse.connect_read_only() as con:
        rows = con.execute(_LATEST_OUTCOMES).fetchall()
    forbidden = sorted({f"{row[0]} ({row[1]})" for row in rows if row[5] == "forbidden"})
    gaps = [row for row in rows if row[5] != "forbidden"]
    metadata = {"forbidden_locations": ", ".join(forbidden) or "none", "gaps": len(gaps)}
    if gaps:
        _, _, endpoint, start, end, _, error = gaps[0]
        description = (
            f"Occuspace: {len(gaps)} request(s) got no data (first: {error}); everything else "
            f"was loaded, run the same days again ({start}..{end} for {endpoint}) to fill the gap"
        )
        return AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.ERROR,
            description=description,
            metadata=metadata,
        )
    if forbidden:
        context.log.warning(f"Occuspace: not readable with this token: {', '.join(forbidden)}")
        return AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.WARN,
            description=f"{len(forbidden)} location(s) not readable with this token",
            metadata=metadata,
        )
    return AssetCheckResult(passed=True, metadata=metadata)
