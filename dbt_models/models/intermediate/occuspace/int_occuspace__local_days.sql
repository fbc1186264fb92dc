-- Every local day an Occuspace location was asked for, from its earliest count on, one row per
-- location per day (key: space_key, local_date): how many hours the day lasts and how many of
-- them have hourly occupancy, which of the day's latest requests failed, and the vendor's
-- messages about the day. The quality flags are raised from it.
-- A table: eight data tests and the quality flags read it; as a view each recomputed the whole
-- stack of Occuspace views under it (a daily run spent ~70 s of its dbt build there).
{{ config(materialized='table') }}

with

latest_requests as (
    select * from {{ ref('int_occuspace__latest_requests') }}
),

day_messages as (
    select * from {{ ref('int_occuspace__day_messages') }}
),

vendor_days as (
    select * from {{ ref('int_occuspace__occupancy_daily') }}
),

vendor_hours as (
    select * from {{ ref('int_occuspace__occupancy_hourly') }}
),

requested_days as (
    select
        location_id,
        local_date,
        string_agg(
            endpoint || ' ' || outcome || coalesce(' with HTTP ' || http_status, ''),
            ', ' order by endpoint
        ) filter (where outcome <> 'ok') as failed_requests,
        coalesce(bool_and(outcome = 'forbidden') filter (where outcome <> 'ok'), false)
            as failures_are_forbidden
    from latest_requests
    group by location_id, local_date
),

hour_bounds as (
    -- the clock offset (local minus UTC, in seconds) at the day's first and last placed hour
    select
        space_key,
        local_date,
        count(*) filter (where occupancy_avg is not null or occupancy_peak is not null)
            as hours_with_occupancy,
        arg_min(
            epoch(cast(local_date as timestamp) + to_hours(local_hour)) - epoch(hour_start_utc),
            hour_start_utc
        ) as first_hour_offset_s,
        arg_max(
            epoch(cast(local_date as timestamp) + to_hours(local_hour)) - epoch(hour_start_utc),
            hour_start_utc
        ) as last_hour_offset_s
    from vendor_hours
    group by space_key, local_date
),

offsets as (
    -- the clock offset where the day starts and where it ends: from the vendor's timestamp of
    -- the day's start (and of the next day's), else from the day's first (last) placed hour,
    -- as the clocks change at night
    select
        'occuspace:' || requested_days.location_id as space_key,
        requested_days.location_id,
        requested_days.local_date,
        requested_days.failed_requests,
        requested_days.failures_are_forbidden,
        coalesce(hour_bounds.hours_with_occupancy, 0) as hours_with_occupancy,
        coalesce(
            epoch(cast(requested_days.local_date as timestamp)) - epoch(this_day.day_start_utc),
            hour_bounds.first_hour_offset_s
        ) as start_offset_s,
        coalesce(
            epoch(cast(requested_days.local_date + 1 as timestamp))
                - epoch(next_day.day_start_utc),
            hour_bounds.last_hour_offset_s
        ) as end_offset_s
    from requested_days
    left join vendor_days as this_day
        on 'occuspace:' || requested_days.location_id = this_day.space_key
        and requested_days.local_date = this_day.local_date
    left join vendor_days as next_day
        on 'occuspace:' || requested_days.location_id = next_day.space_key
        and requested_days.local_date + 1 = next_day.local_date
    left join hour_bounds
        on 'occuspace:' || requested_days.location_id = hour_bounds.space_key
        and requested_days.local_date = hour_bounds.local_date
),

final as (
    select
        offsets.space_key,
        offsets.local_date,
        -- with the offset known at one end only, the clocks are taken not to change that day
        to_timestamp(
            epoch(cast(offsets.local_date as timestamp))
            - coalesce(offsets.start_offset_s, offsets.end_offset_s)
        ) as day_start_utc,
        -- 24 hours plus the clock change within the day: 23 when clocks go forward, 25 when
        -- they go back
        case
            when coalesce(offsets.start_offset_s, offsets.end_offset_s) is not null
                then cast(
                    24 + coalesce(offsets.start_offset_s - offsets.end_offset_s, 0) / 3600
                    as integer
                )
        end as hours_in_local_day,
        cast(offsets.hours_with_occupancy as integer) as hours_with_occupancy,
        offsets.failed_requests,
        offsets.failures_are_forbidden,
        day_messages.vendor_messages
    from offsets
    left join day_messages
        on offsets.location_id = day_messages.location_id
        and offsets.local_date = day_messages.local_date
)

select * from final
