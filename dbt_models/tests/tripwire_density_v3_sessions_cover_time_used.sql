-- Tripwire: Density v3's raw sessions must cover the time its hourly metrics count as used.
-- One row per space and local day whose share of time used that falls in hours no raw session
-- overlaps is above var tripwire_sessions_uncovered_share (days with less time used than var
-- tripwire_sessions_min_used_minutes are not judged): sessions read hours off fail it.
-- Severity error: dagster-dbt loads it as a blocking asset check on the model in
-- meta.dagster.ref, described by meta.description (what a failure means, where to look).
{%- set description -%}
Density v3 raw sessions do not cover the time the hourly metrics count as used: on the
space-days listed, more than var tripwire_sessions_uncovered_share of the time used falls in
hours no raw session overlaps. The sessions' time zone reading is probably wrong (sessions come
in the space's local time; local wall times read as UTC land hours off): see docs/density_v3.md
(1. Raw session times), pipelines/density_v3/parse.py and docs/quality_checks.md.
{%- endset %}
{{ config(
    severity='error',
    meta={
        'description': description.split() | join(' '),
        'dagster': {'ref': {'name': 'stg_density_v3__raw_sessions'}},
    },
) }}
{%- set uncovered_share = var('tripwire_sessions_uncovered_share', 0.2) %}
{%- set min_used_minutes = var('tripwire_sessions_min_used_minutes', 30) %}

with

metrics as (
    select space_id, bucket_start_utc, time_used_ms
    from {{ ref('stg_density_v3__metrics') }}
    where time_resolution = 'hour'
        and time_used_ms > 0
),

raw_sessions as (
    select * from {{ ref('stg_density_v3__raw_sessions') }}
),

spaces as (
    select space_id, time_zone from {{ ref('stg_density_v3__spaces') }}
),

fetched_span as (
    -- sessions are fetched by the local day they start and served once settled, so time used
    -- before a space's first session or after its last may belong to one not fetched (yet):
    -- only the span between them is judged
    select
        space_id,
        min(session_start_utc) as first_start_utc,
        max(coalesce(session_end_utc, 'infinity'::timestamptz)) as last_end_utc
    from raw_sessions
    group by space_id
),

used_hours as (
    select
        metrics.space_id,
        cast(timezone(spaces.time_zone, metrics.bucket_start_utc) as date) as local_date,
        metrics.time_used_ms,
        {{ session_overlaps_hour('raw_sessions', 'metrics') }} as has_session
    from metrics
    inner join spaces on metrics.space_id = spaces.space_id
    left join fetched_span on metrics.space_id = fetched_span.space_id
    where (
        metrics.bucket_start_utc + interval 1 hour > fetched_span.first_start_utc
        and metrics.bucket_start_utc < fetched_span.last_end_utc
    )
    -- no session at all for any space while the metrics count use: none was read
    or not exists (select 1 from raw_sessions)
),

space_days as (
    select
        space_id,
        local_date,
        sum(time_used_ms) / 60000.0 as used_minutes,
        coalesce(sum(time_used_ms) filter (where not has_session), 0) / 60000.0
            as uncovered_minutes
    from used_hours
    group by space_id, local_date
),

final as (
    select
        'density:' || space_id as space_key,
        local_date,
        round(used_minutes, 1) as used_minutes,
        round(uncovered_minutes, 1) as uncovered_minutes,
        round(uncovered_minutes / used_minutes, 3) as uncovered_share
    from space_days
    where used_minutes >= {{ min_used_minutes }}
        and uncovered_minutes / used_minutes > {{ uncovered_share }}
)

select * from final
