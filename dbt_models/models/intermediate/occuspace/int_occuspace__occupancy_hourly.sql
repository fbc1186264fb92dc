-- Occuspace hours in the marts' shape, one row per location per local hour that hourly_visitors
-- places in time (key: space_key, hour_start_utc). hourly_occupancy gives each hour's measures
-- by local date, local time and fold only; hourly_visitors gives the same hours with their UTC
-- start, so the two are matched on location, local date, local time and fold.
with

hourly_occupancy as (
    select * from {{ ref('stg_occuspace__hourly_occupancy') }}
),

hourly_visitors as (
    select * from {{ ref('stg_occuspace__hourly_visitors') }}
),

visitor_hours as (
    select
        *,
        -- an hour repeated when DST ends comes twice with the same local time: the earlier
        -- instant is fold 0, as hourly_occupancy numbers its rows
        cast(
            row_number() over (
                partition by location_id, local_date, local_time order by hour_start_utc
            ) - 1 as integer
        ) as fold
    from hourly_visitors
),

final as (
    select
        'occuspace:' || visitor_hours.location_id as space_key,
        'occuspace' as source_api,
        visitor_hours.hour_start_utc,
        visitor_hours.local_date,
        cast(hour(visitor_hours.local_time) as integer) as local_hour,
        cast(hourly_occupancy.avg_occupancy as double) as occupancy_avg,
        hourly_occupancy.peak_occupancy as occupancy_peak,
        -- Occuspace estimates presence; it does not count doors
        cast(null as bigint) as entrances,
        cast(null as bigint) as exits,
        -- the vendor's percentages are already shares of capacity: kept as they are
        hourly_occupancy.avg_utilization as utilization_avg,
        hourly_occupancy.peak_utilization as utilization_peak,
        cast(null as double) as time_used_hours,
        cast(null as double) as up_time,
        cast(null as boolean) as is_capped,
        cast(null as bigint) as capped_count_limit,
        visitor_hours.visitors
    from visitor_hours
    left join hourly_occupancy
        on visitor_hours.location_id = hourly_occupancy.location_id
        and visitor_hours.local_date = hourly_occupancy.local_date
        and visitor_hours.local_time = hourly_occupancy.local_time
        and visitor_hours.fold = hourly_occupancy.fold
)

select * from final
