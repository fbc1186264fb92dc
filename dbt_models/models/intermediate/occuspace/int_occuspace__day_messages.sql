-- The vendor's messages about each Occuspace location and local day, one row per location and
-- day any response or latest successful request carried a message for (key: location_id,
-- local_date): the distinct messages other than 'OK', sorted, null when all said 'OK'.
with

latest_requests as (
    select * from {{ ref('int_occuspace__latest_requests') }}
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

final as (
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
)

select * from final
