with

vendor_hours as (
    select * from {{ ref('int_v2__occupancy_hourly') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

located as (
    select
        vendor_hours.*,
        spaces.capacity,
        timezone(spaces.time_zone, vendor_hours.hour_start_utc) as hour_start_local
    from vendor_hours
    left join spaces
        on vendor_hours.space_key = spaces.space_key
),

final as (
    select
        space_key,
        source_api,
        hour_start_utc,
        cast(hour_start_local as date) as local_date,
        cast(hour(hour_start_local) as integer) as local_hour,
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
        visitors
    from located
)

select * from final
