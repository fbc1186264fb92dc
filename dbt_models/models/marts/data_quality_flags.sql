-- One CTE per flag, each with the columns space_key, grain, period_start, flag, detail.
-- A day is keyed by the instant of its local midnight in the space's time zone.
with

v2_counts as (
    {{ union_v2_staging('counts') }}
),

v2_occupancy_from_events as (
    select * from {{ ref('int_v2__occupancy_hourly_from_events') }}
),

daily as (
    select * from {{ ref('occupancy_daily') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

days as (
    select
        daily.space_key,
        daily.local_date,
        daily.capacity,
        timezone(spaces.time_zone, cast(daily.local_date as timestamp)) as local_midnight_utc
    from daily
    inner join spaces
        on daily.space_key = spaces.space_key
),

capacity_missing as (
    select
        space_key,
        'day' as grain,
        local_midnight_utc as period_start,
        'capacity_missing' as flag,
        'no capacity is set for this space, so utilization is null: set the capacity at the vendor'
            as detail
    from days
    where capacity is null
),

capacity_zero as (
    select
        space_key,
        'day' as grain,
        local_midnight_utc as period_start,
        'capacity_zero' as flag,
        'the capacity of this space is 0, so utilization shows as 0: set the real capacity at the'
            || ' vendor' as detail
    from days
    where capacity = 0
),

negative_count as (
    select
        space_key,
        'hour' as grain,
        hour_start_utc as period_start,
        'negative_count' as flag,
        'the running count fell to ' || count_min
            || ' (a sensor missed entrances); occupancy counts it as 0 until the daily reset'
            as detail
    from v2_counts
    where count_min < 0
),

count_mismatch as (
    select
        v2_counts.space_key,
        'hour' as grain,
        v2_counts.hour_start_utc as period_start,
        'count_mismatch' as flag,
        'counts say ' || v2_counts.entrances || ' entrances and ' || v2_counts.exits
            || ' exits, events say ' || v2_occupancy_from_events.event_entrances
            || ' entrances and ' || v2_occupancy_from_events.event_exits
            || ' exits: occupancy_avg follows the events, entrances and exits the counts'
            as detail
    from v2_counts
    inner join v2_occupancy_from_events
        on v2_counts.space_key = v2_occupancy_from_events.space_key
        and v2_counts.hour_start_utc = v2_occupancy_from_events.hour_start_utc
    where v2_counts.entrances is distinct from v2_occupancy_from_events.event_entrances
        or v2_counts.exits is distinct from v2_occupancy_from_events.event_exits
),

flags as (
    select * from capacity_missing
    union all
    select * from capacity_zero
    union all
    select * from negative_count
    union all
    select * from count_mismatch
),

final as (
    select
        md5(
            space_key || '|' || grain || '|' || epoch_ms(period_start) || '|' || flag
        ) as flag_id,
        space_key,
        grain,
        period_start,
        flag,
        detail
    from flags
)

select * from final
