-- The daily count resets of each Density v2 / Omnos space, one row per space and local date
-- from the day before its first counted hour or event to the day after its last (key:
-- space_key, local_date): the instant its daily_reset, local wall-clock time, falls on that date.
with

spaces as (
    select space_key, time_zone, daily_reset
    from ({{ density_v2_contract_union('spaces') }})
),

counted_hours as (
    select space_key, hour_start_utc
    from ({{ density_v2_contract_union('counts') }})
),

events as (
    select space_key, event_at_utc
    from ({{ density_v2_contract_union('events') }})
),

local_date_range as (
    -- the local dates of the first and last counted hour or event, widened by a day on each
    -- side: the day before holds the reset that starts the first events' period
    select
        activity.space_key,
        spaces.time_zone,
        spaces.daily_reset,
        cast(timezone(spaces.time_zone, min(activity.at_utc)) as date) - 1 as first_local_date,
        cast(timezone(spaces.time_zone, max(activity.at_utc)) as date) + 1 as last_local_date
    from (
        select space_key, hour_start_utc as at_utc from counted_hours
        union all
        select space_key, event_at_utc from events
    ) as activity
    inner join spaces on activity.space_key = spaces.space_key
    group by activity.space_key, spaces.time_zone, spaces.daily_reset
),

local_dates as (
    select
        space_key,
        time_zone,
        daily_reset,
        cast(
            unnest(generate_series(first_local_date, last_local_date, interval 1 day)) as date
        ) as local_date
    from local_date_range
),

final as (
    -- daily_reset is local wall-clock time: on a DST day it is read in that day's offset
    select
        space_key,
        local_date,
        timezone(time_zone, local_date + daily_reset) as reset_at_utc
    from local_dates
)

select * from final
