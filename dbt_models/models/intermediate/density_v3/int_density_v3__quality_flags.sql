-- Data-quality flags Density v3 data raises, one row per space, period and flag: capped,
-- negative_count, low_up_time, metrics_without_session and count_mismatch (grain 'hour'),
-- floor_data_incomplete (grain 'day', on the floor, keyed by the local day's midnight in the
-- floor's time zone).
{%- set low_up_time_threshold = var('low_up_time_threshold', 0.8) %}
{%- set tolerance = var('count_mismatch_tolerance', {}) %}
{%- set absolute_tolerance = tolerance.get('absolute', 1) %}
{%- set relative_tolerance = tolerance.get('relative', 0.05) %}

with

metrics as (
    select * from {{ ref('stg_density_v3__metrics') }}
    where time_resolution = 'hour'
),

raw_sessions as (
    select * from {{ ref('stg_density_v3__raw_sessions') }}
),

data_status as (
    select * from {{ ref('stg_density_v3__data_status') }}
),

spaces as (
    select * from {{ ref('stg_density_v3__spaces') }}
),

v2_counts as (
    select * from {{ ref('stg_density_v2__counts') }}
),

capped as (
    select
        'density:' || space_id as space_key,
        'hour' as grain,
        bucket_start_utc as period_start,
        cast(null as date) as local_date,
        'capped' as flag,
        'the sensor hit its count ceiling of '
            || coalesce(cast(capped_count_limit as varchar), 'unknown')
            || ' people, so the peak of ' || coalesce(cast(occupancy_max as varchar), 'unknown')
            || ' is a lower bound: at least that many were in the space, maybe more' as detail
    from metrics
    where is_capped
),

negative_count as (
    select
        'density:' || space_id as space_key,
        'hour' as grain,
        bucket_start_utc as period_start,
        cast(null as date) as local_date,
        'negative_count' as flag,
        'the vendor''s running count fell to ' || occupancy_min
            || ' (a sensor missed entrances); occupancy shows it as 0, and the hour''s average,'
            || ' which the vendor takes over the negative levels too, is a lower bound' as detail
    from metrics
    where occupancy_min < 0
),

low_up_time as (
    select
        'density:' || space_id as space_key,
        'hour' as grain,
        bucket_start_utc as period_start,
        cast(null as date) as local_date,
        'low_up_time' as flag,
        'the sensor was online for ' || round(up_time * 100, 1) || ' % of the hour (below '
            || round(cast({{ low_up_time_threshold }} as double) * 100, 1)
            || ' %): the hour''s figures cover only that time and may be incomplete; check the'
            || ' sensor''s health' as detail
    from metrics
    where up_time < {{ low_up_time_threshold }}
),

metrics_without_session as (
    -- Density processes metrics and raw sessions apart, and raw sessions leave out brief
    -- presence, so Waffle spaces in particular show time used that no session explains
    select
        'density:' || metrics.space_id as space_key,
        'hour' as grain,
        metrics.bucket_start_utc as period_start,
        cast(null as date) as local_date,
        'metrics_without_session' as flag,
        'the metrics count ' || round(metrics.time_used_ms / 60000.0, 1)
            || ' minutes of use in this hour but no raw session overlaps it: likely brief'
            || ' presence that raw sessions leave out; read this time used as uncertain' as detail
    from metrics
    where metrics.time_used_ms > 0
        and not exists (
            select 1
            from raw_sessions
            where raw_sessions.space_id = metrics.space_id
                and raw_sessions.session_start_utc < metrics.bucket_start_utc + interval 1 hour
                and coalesce(raw_sessions.session_end_utc, 'infinity'::timestamptz)
                    > metrics.bucket_start_utc
        )
),

floor_data_incomplete as (
    select
        'density:' || data_status.floor_id as space_key,
        'day' as grain,
        -- a floor missing from the spaces list: the day is keyed at 00:00 UTC, as the marts key
        -- the days of a space without a time zone
        coalesce(
            timezone(spaces.time_zone, cast(data_status.local_date as timestamp)),
            cast(data_status.local_date as timestamptz)
        ) as period_start,
        data_status.local_date,
        'floor_data_incomplete' as flag,
        'Density had processed ' || round(data_status.processed_share * 100, 1)
            || ' % of this floor''s data for the day when it was loaded: the day''s figures for'
            || ' the floor and its spaces are not final and will change; the daily load re-loads'
            || ' the day (for up to 30 days) until Density reports it complete' as detail
    from data_status
    left join spaces
        on data_status.floor_id = spaces.space_id
    where data_status.processed_share < 1
),

both_apis as (
    select
        'density:' || metrics.space_id as space_key,
        metrics.bucket_start_utc as hour_start_utc,
        v2_counts.entrances as v2_entrances,
        v2_counts.exits as v2_exits,
        metrics.entrances as v3_entrances,
        metrics.exits as v3_exits
    from metrics
    inner join v2_counts
        on metrics.space_id = v2_counts.space_id
        and metrics.bucket_start_utc = v2_counts.hour_start_utc
),

count_mismatch as (
    select
        space_key,
        'hour' as grain,
        hour_start_utc as period_start,
        cast(null as date) as local_date,
        'count_mismatch' as flag,
        'Density v2 counts ' || coalesce(cast(v2_entrances as varchar), 'no')
            || ' entrances and ' || coalesce(cast(v2_exits as varchar), 'no')
            || ' exits, Density v3 ' || coalesce(cast(v3_entrances as varchar), 'no')
            || ' entrances and ' || coalesce(cast(v3_exits as varchar), 'no')
            || ' exits, further apart than the tolerance (max({{ absolute_tolerance }}, '
            || round(cast({{ relative_tolerance }} as double) * 100, 1)
            || ' % of the larger)): the marts show v3''s figures for the hour' as detail
    from both_apis
    where abs(v2_entrances - v3_entrances) > greatest(
            {{ absolute_tolerance }},
            {{ relative_tolerance }} * greatest(v2_entrances, v3_entrances)
        )
        or abs(v2_exits - v3_exits) > greatest(
            {{ absolute_tolerance }},
            {{ relative_tolerance }} * greatest(v2_exits, v3_exits)
        )
),

final as (
    select * from capped
    union all
    select * from negative_count
    union all
    select * from low_up_time
    union all
    select * from metrics_without_session
    union all
    select * from floor_data_incomplete
    union all
    select * from count_mismatch
)

select * from final
