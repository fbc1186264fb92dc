-- Tripwire: the entrances and exits Density v2 and Omnos list in /events must be the ones their
-- /counts report, hour by hour. One row per space and week (from Monday 00:00 UTC) in which the
-- share of hours with traffic whose counts and events disagree is above var
-- tripwire_v2_events_mismatch_share: events lost or misplaced by the reading fail it.
-- Severity error: dagster-dbt loads it as a blocking asset check on the model in
-- meta.dagster.ref, described by meta.description (what a failure means, where to look).
{%- set description -%}
Density v2 / Omnos events do not reproduce the counts: in the space-weeks listed, more than var
tripwire_v2_events_mismatch_share of the hours with traffic have other entrances or exits in
/events than in /counts. Events are probably lost or misplaced by the reading (pagination, the
request window's bounds, or the events' timestamps): see pipelines/density_v2, the per-hour
count_mismatch flags in marts.data_quality_flags and docs/quality_checks.md.
{%- endset %}
{{ config(
    severity='error',
    meta={
        'description': description.split() | join(' '),
        'dagster': {'ref': {'name': 'int_density_v2__occupancy_hourly'}},
    },
) }}
{%- set mismatch_share = var('tripwire_v2_events_mismatch_share', 0.2) %}

with

counted_hours as (
    select space_key, hour_start_utc, entrances, exits
    from {{ ref('int_density_v2__occupancy_hourly') }}
),

event_hours as (
    select space_key, hour_start_utc, event_entrances, event_exits
    from {{ ref('int_density_v2__occupancy_hourly_from_events') }}
),

traffic_hours as (
    -- an hour neither side saw anyone pass agrees trivially and is left out
    select
        counted_hours.space_key,
        cast(date_trunc('week', timezone('UTC', counted_hours.hour_start_utc)) as date)
            as week_start,
        counted_hours.entrances is distinct from coalesce(event_hours.event_entrances, 0)
            or counted_hours.exits is distinct from coalesce(event_hours.event_exits, 0)
            as is_mismatch
    from counted_hours
    left join event_hours
        on counted_hours.space_key = event_hours.space_key
        and counted_hours.hour_start_utc = event_hours.hour_start_utc
    where greatest(
        coalesce(counted_hours.entrances, 0),
        coalesce(counted_hours.exits, 0),
        coalesce(event_hours.event_entrances, 0),
        coalesce(event_hours.event_exits, 0)
    ) > 0
),

space_weeks as (
    select
        space_key,
        week_start,
        count(*) as traffic_hours,
        count(*) filter (where is_mismatch) as mismatched_hours
    from traffic_hours
    group by space_key, week_start
),

final as (
    select
        space_key,
        week_start,
        traffic_hours,
        mismatched_hours,
        round(mismatched_hours / traffic_hours, 3) as mismatched_share
    from space_weeks
    where mismatched_hours / traffic_hours > {{ mismatch_share }}
)

select * from final
