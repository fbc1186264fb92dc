-- The occupancy measures of each counted hour, re-grained from the event timeline.
-- A table, not a view: occupancy_hourly, data_quality_flags and the data tests all read it.
{{ config(materialized='table') }}

with

segments as (
    select * from {{ ref('int_density_v2__occupancy_segments') }}
),

final as (
    select
        space_key,
        hour_start_utc,
        -- time-weighted: each level counts for as long as it lasted; a negative level as 0
        sum(greatest(running_count, 0) * duration_ms) / sum(duration_ms) as occupancy_avg,
        sum(case when running_count > 0 then duration_ms else 0 end) / 3600000.0
            as time_used_hours,
        cast(sum(entrances) as bigint) as event_entrances,
        cast(sum(exits) as bigint) as event_exits
    from segments
    group by space_key, hour_start_utc
)

select * from final
