-- Tripwire: Density v2 and v3 must count the same entrances and exits for a space both count.
-- One row per space and week (from Monday 00:00 UTC) in which the share of hours with traffic
-- that the count_mismatch rule (var count_mismatch_tolerance, as int_cross_api__count_mismatch)
-- finds too far apart is above var tripwire_v2_v3_mismatch_share: one API read wrong fails it.
-- Severity error: dagster-dbt loads it as a blocking asset check on the model in
-- meta.dagster.ref, described by meta.description (what a failure means, where to look).
{%- set description -%}
Density v2 and Density v3 disagree on the entrances and exits of the spaces both count: in the
space-weeks listed, more than var tripwire_v2_v3_mismatch_share of the compared hours are
further apart than var count_mismatch_tolerance. One API's reading is probably wrong (v3 metrics
bucket keys or repeated buckets, see docs/density_v3.md (2. Metrics bucket keys); v2 counts
intervals); the marts show v3's figures. See the per-hour count_mismatch flags in
marts.data_quality_flags and docs/quality_checks.md.
{%- endset %}
{{ config(
    severity='error',
    meta={
        'description': description.split() | join(' '),
        'dagster': {'ref': {'name': 'int_density_v3__occupancy_hourly'}},
    },
) }}
{%- set tolerance = var('count_mismatch_tolerance', {}) %}
{%- set absolute_tolerance = tolerance.get('absolute', 1) %}
{%- set relative_tolerance = tolerance.get('relative', 0.05) %}
{%- set mismatch_share = var('tripwire_v2_v3_mismatch_share', 0.2) %}

with

v2_hours as (
    select space_key, hour_start_utc, entrances, exits
    from {{ ref('int_density_v2__occupancy_hourly') }}
    where source_api = 'density_v2'
),

v3_hours as (
    select space_key, hour_start_utc, entrances, exits
    from {{ ref('int_density_v3__occupancy_hourly') }}
),

compared_hours as (
    -- as for the flag: an hour only one API has, or without entrances (an open area), is not
    -- compared; nor is one neither API saw anyone pass, which agrees trivially
    select
        v3_hours.space_key,
        cast(date_trunc('week', timezone('UTC', v3_hours.hour_start_utc)) as date)
            as week_start,
        abs(v2_hours.entrances - v3_hours.entrances) > greatest(
            {{ absolute_tolerance }},
            {{ relative_tolerance }} * greatest(v2_hours.entrances, v3_hours.entrances)
        )
        or abs(v2_hours.exits - v3_hours.exits) > greatest(
            {{ absolute_tolerance }},
            {{ relative_tolerance }} * greatest(v2_hours.exits, v3_hours.exits)
        ) as is_mismatch
    from v3_hours
    inner join v2_hours
        on v3_hours.space_key = v2_hours.space_key
        and v3_hours.hour_start_utc = v2_hours.hour_start_utc
    where v3_hours.entrances is not null
        and v2_hours.entrances is not null
        and greatest(v2_hours.entrances, v2_hours.exits, v3_hours.entrances, v3_hours.exits) > 0
),

space_weeks as (
    select
        space_key,
        week_start,
        count(*) as compared_hours,
        count(*) filter (where is_mismatch) as mismatched_hours
    from compared_hours
    group by space_key, week_start
),

final as (
    select
        space_key,
        week_start,
        compared_hours,
        mismatched_hours,
        round(mismatched_hours / compared_hours, 3) as mismatched_share
    from space_weeks
    where mismatched_hours / compared_hours > {{ mismatch_share }}
)

select * from final
