with

group_hours as (
    select * from {{ ref('group_occupancy_hourly') }}
),

member_hours as (
    select * from {{ ref('int_groups__member_hours') }}
),

days as (
    select
        group_key,
        group_type,
        local_date,
        -- hours are of equal length, so the time-weighted mean is the mean of the hours
        avg(occupancy_avg order by hour_start_utc) as occupancy_avg,
        max(occupancy_peak) as occupancy_peak,
        -- an approximate hour is a lower bound that may hide a higher true peak
        bool_or(peak_is_approximate) as peak_is_approximate,
        cast(sum(entrances) as bigint) as entrances,
        cast(sum(exits) as bigint) as exits,
        sum(time_used_hours order by hour_start_utc) as time_used_hours,
        cast(count(*) as integer) as hours_in_day
    from group_hours
    group by group_key, group_type, local_date
),

members_of_the_day as (
    select distinct
        group_key,
        local_date,
        space_key,
        capacity
    from member_hours
),

day_members as (
    select
        group_key,
        local_date,
        cast(count(*) as integer) as member_spaces,
        case
            when count(capacity) = count(*) then cast(sum(capacity) as bigint)
        end as capacity
    from members_of_the_day
    group by group_key, local_date
),

final as (
    select
        days.group_key,
        days.group_type,
        days.local_date,
        day_members.member_spaces,
        days.occupancy_avg,
        days.occupancy_peak,
        days.peak_is_approximate,
        days.entrances,
        days.exits,
        day_members.capacity,
        {{ utilization('days.occupancy_avg', 'day_members.capacity') }} as utilization_avg,
        {{ utilization('days.occupancy_peak', 'day_members.capacity') }} as utilization_peak,
        days.time_used_hours,
        days.hours_in_day
    from days
    inner join day_members
        on days.group_key = day_members.group_key
        and days.local_date = day_members.local_date
)

select * from final
{{ where_run_days() }}
