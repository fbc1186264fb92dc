-- The hourly data-quality flags of Density v3's metrics, one row per space, hour and flag:
-- capped, negative_count, low_up_time and metrics_without_session (grain 'hour').
{%- set low_up_time_threshold = var('low_up_time_threshold', 0.8) %}

with

metrics as (
    select * from {{ ref('stg_density_v3__metrics') }}
    where time_resolution = 'hour'
),

raw_sessions as (
    select * from {{ ref('stg_density_v3__raw_sessions') }}
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
        and not {{ session_overlaps_hour('raw_sessions', 'metrics') }}
),

final as (
    select * from capped
    union all
    select * from negative_count
    union all
    select * from low_up_time
    union all
    select * from metrics_without_session
)

select * from final
