with

hourly as (
    select * from {{ ref('occupancy_hourly') }}
),

vendor_days as (
    select * from {{ ref('int_occuspace__occupancy_daily') }}
),

days as (
    select
        space_key,
        -- a day with hours from both Density APIs (v3 has not delivered all of them) is one
        -- day, named after v3
        arg_max(source_api, source_api = 'density_v3') as source_api,
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
    group by space_key, local_date
),

measured_days as (
    -- a vendor's own figures of the day (Occuspace) take the place of those aggregated from its
    -- hours: its visitors are not the sum of the hours, since one person can visit in several
    select
        days.* replace (
            coalesce(vendor_days.occupancy_avg, days.occupancy_avg) as occupancy_avg,
            coalesce(vendor_days.occupancy_peak, days.occupancy_peak) as occupancy_peak
        ),
        vendor_days.utilization_avg as vendor_utilization_avg,
        vendor_days.utilization_peak as vendor_utilization_peak,
        vendor_days.visitors,
        vendor_days.avg_dwell_minutes,
        vendor_days.peak_dwell_minutes
    from days
    left join vendor_days
        on days.space_key = vendor_days.space_key
        and days.local_date = vendor_days.local_date
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
        coalesce(vendor_utilization_avg, {{ utilization('occupancy_avg', 'capacity') }})
            as utilization_avg,
        coalesce(vendor_utilization_peak, {{ utilization('occupancy_peak', 'capacity') }})
            as utilization_peak,
        time_used_hours,
        up_time,
        is_capped,
        capped_count_limit,
        -- entrances are not unique visitors: only a vendor that counts visitors fills these
        visitors,
        avg_dwell_minutes,
        peak_dwell_minutes,
        hours_in_day
    from measured_days
)

select * from final
{{ where_run_days() }}
