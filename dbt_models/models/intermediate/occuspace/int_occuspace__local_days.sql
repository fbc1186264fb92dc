-- Every local day an Occuspace location was asked for, from its earliest count on, one row per
-- location per day (key: space_key, local_date): how many hours the day lasts and how many of
-- them have hourly occupancy, which of the day's latest requests failed, and the vendor's
-- messages about the day. The quality flags are raised from it.
with

locations as (
    select * from {{ ref('stg_occuspace__locations') }}
),

request_outcomes as (
    select * from {{ ref('stg_occuspace__request_outcomes') }}
),

daily_occupancy as (
    select * from {{ ref('stg_occuspace__daily_occupancy') }}
),

hourly_occupancy as (
    select * from {{ ref('stg_occuspace__hourly_occupancy') }}
),

daily_visitors as (
    select * from {{ ref('stg_occuspace__daily_visitors') }}
),

hourly_visitors as (
    select * from {{ ref('stg_occuspace__hourly_visitors') }}
),

daily_dwell_time as (
    select * from {{ ref('stg_occuspace__daily_dwell_time') }}
),

vendor_days as (
    select * from {{ ref('int_occuspace__occupancy_daily') }}
),

vendor_hours as (
    select * from {{ ref('int_occuspace__occupancy_hourly') }}
),

request_days as (
    -- every day of each request's inclusive range
    select
        *,
        start_date + cast(unnest(range(0, end_date - start_date + 1)) as integer) as local_date
    from request_outcomes
),

latest_requests as (
    -- a reload over other dates adds requests instead of replacing the earlier ones: per
    -- endpoint, only a day's latest request tells whether the day could be fetched
    select request_days.*
    from request_days
    inner join locations
        on request_days.location_id = locations.location_id
    where request_days.local_date >= locations.earliest_count_date
    qualify row_number() over (
        partition by request_days.location_id, request_days.endpoint, request_days.local_date
        order by
            request_days.loaded_at_utc desc nulls last,
            request_days.start_date desc,
            request_days.end_date desc
    ) = 1
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

messages as (
    -- a response's message travels on its rows, and a response without rows keeps it in its
    -- request's outcome; a one-day response (hourly_occupancy is asked day by day) speaks of
    -- that day alone, a longer one of every day it covers
    select location_id, local_date, vendor_message, true as is_day_response
    from hourly_occupancy
    union all
    select location_id, local_date, vendor_message, false from daily_occupancy
    union all
    select location_id, local_date, vendor_message, false from daily_visitors
    union all
    select location_id, local_date, vendor_message, false from hourly_visitors
    union all
    select location_id, local_date, vendor_message, false from daily_dwell_time
    union all
    select location_id, local_date, vendor_message, start_date = end_date
    from latest_requests
    where outcome = 'ok'
),

day_messages as (
    -- a day's own responses say what its data is like; only a day without one gets the
    -- messages of the longer requests, which may be about any of their days
    select
        location_id,
        local_date,
        list_sort(
            case
                when bool_or(is_day_response)
                    then list(distinct vendor_message) filter (
                        where is_day_response and upper(trim(vendor_message)) <> 'OK'
                    )
                else list(distinct vendor_message) filter (
                    where upper(trim(vendor_message)) <> 'OK'
                )
            end
        ) as vendor_messages
    from messages
    where vendor_message is not null
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
