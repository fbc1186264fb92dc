with

hourly as (
    select * from {{ ref('occupancy_hourly') }}
),

days as (
    select
        space_key,
        source_api,
        local_date,
        -- hours are of equal length, so the time-weighted mean is the mean of the hours;
        -- floating-point sums run in hour order, so a rebuild gives the same values to the bit
        avg(occupancy_avg order by hour_start_utc) as occupancy_avg,
        max(occupancy_peak) as occupancy_peak,
        cast(sum(entrances) as bigint) as entrances,
        cast(sum(exits) as bigint) as exits,
        max(capacity) as capacity,
        sum(time_used_hours order by hour_start_utc) as time_used_hours,
        avg(up_time order by hour_start_utc) as up_time,
        bool_or(is_capped) as is_capped,
        max(capped_count_limit) as capped_count_limit,
        cast(count(*) as integer) as hours_in_day
    from hourly
    group by space_key, source_api, local_date
),

final as (
    select
        space_key,
        source_api,
        local_date,
        occupancy_avg,
        occupancy_peak,
        entrances,
        exits,
        capacity,
        {{ utilization('occupancy_avg', 'capacity') }} as utilization_avg,
        {{ utilization('occupancy_peak', 'capacity') }} as utilization_peak,
        time_used_hours,
        up_time,
        is_capped,
        capped_count_limit,
        -- entrances are not unique visitors: only a vendor that counts visitors fills these
        cast(null as bigint) as visitors,
        cast(null as double) as avg_dwell_minutes,
        cast(null as double) as peak_dwell_minutes,
        hours_in_day
    from days
)

select * from final
