-- The running count of each Density v2 / Omnos space as a timeline of segments, rebuilt from
-- its events. Change points are the events, the bounds of every counted hour and the daily
-- resets; each segment runs from one change point to the next with the level reached at its
-- start.
-- A table, not a view: this is the expensive step, and the hourly re-grain and the data tests
-- would each recompute a view.
{{ config(materialized='table') }}

with

reset_instants as (
    select * from {{ ref('int_density_v2__reset_instants') }}
),

counted_hours as (
    select
        space_key,
        hour_start_utc,
        hour_start_utc + interval 1 hour as hour_end_utc
    from ({{ density_v2_contract_union('counts') }})
),

events as (
    select space_key, event_at_utc, direction
    from ({{ density_v2_contract_union('events') }})
),

timeline_points as (
    select
        space_key,
        event_at_utc as point_at_utc,
        direction,
        false as is_reset,
        false as is_hour_start
    from events
    union all
    select space_key, hour_start_utc, 0, false, true from counted_hours
    union all
    select space_key, hour_end_utc, 0, false, false from counted_hours
    union all
    select space_key, reset_at_utc, 0, true, false from reset_instants
),

change_points as (
    select
        space_key,
        point_at_utc,
        cast(sum(direction) as bigint) as level_change,
        count(*) filter (where direction = 1) as entrances,
        count(*) filter (where direction = -1) as exits,
        bool_or(is_reset) as is_reset,
        bool_or(is_hour_start) as is_hour_start
    from timeline_points
    group by space_key, point_at_utc
),

periods as (
    -- the reset period and the counted hour each point falls in: the last reset and the last
    -- hour start at or before it (an event at the reset instant already counts after the reset)
    select
        *,
        max(case when is_reset then point_at_utc end) over (
            partition by space_key
            order by point_at_utc
            rows between unbounded preceding and current row
        ) as reset_period_start_utc,
        max(case when is_hour_start then point_at_utc end) over (
            partition by space_key
            order by point_at_utc
            rows between unbounded preceding and current row
        ) as hour_start_utc
    from change_points
),

levels as (
    select
        space_key,
        hour_start_utc,
        point_at_utc as segment_start_utc,
        lead(point_at_utc) over (
            partition by space_key order by point_at_utc
        ) as segment_end_utc,
        reset_period_start_utc,
        cast(sum(level_change) over (
            partition by space_key, reset_period_start_utc
            order by point_at_utc
            rows between unbounded preceding and current row
        ) as bigint) as running_count,
        entrances,
        exits
    from periods
),

final as (
    -- every counted hour is cut at its bounds, so each segment lies within one hour; segments
    -- outside the counted hours only carry the level into them and are left out
    select
        space_key,
        hour_start_utc,
        segment_start_utc,
        segment_end_utc,
        epoch_ms(segment_end_utc) - epoch_ms(segment_start_utc) as duration_ms,
        reset_period_start_utc,
        running_count,
        entrances,
        exits
    from levels
    where segment_start_utc < hour_start_utc + interval 1 hour
)

select * from final
