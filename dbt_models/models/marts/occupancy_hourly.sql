with

vendor_hours as (
    select * from {{ ref('int_density_v2__occupancy_hourly') }}
    union all
    select * from {{ ref('int_occuspace__occupancy_hourly') }}
    union all
    select * from {{ ref('int_density_v3__occupancy_hourly') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

located as (
    select
        vendor_hours.*,
        spaces.capacity as space_capacity,
        timezone(spaces.time_zone, vendor_hours.hour_start_utc) as hour_start_local
    from vendor_hours
    left join spaces
        on vendor_hours.space_key = spaces.space_key
    where {{ near_run_days('vendor_hours.hour_start_utc') }}
    -- a Density space both v2 and v3 count: one row per hour, v3's; v2's hours that v3 has not
    -- delivered stay
    qualify row_number() over (
        partition by vendor_hours.space_key, vendor_hours.hour_start_utc
        order by vendor_hours.source_api = 'density_v3' desc
    ) = 1
),

final as (
    select
        space_key,
        source_api,
        hour_start_utc,
        -- a vendor that does not state time zones (Occuspace) gives its own local date and hour
        coalesce(local_date, cast(hour_start_local as date)) as local_date,
        coalesce(local_hour, cast(hour(hour_start_local) as integer)) as local_hour,
        occupancy_avg,
        occupancy_peak,
        entrances,
        exits,
        space_capacity as capacity,
        -- a vendor's own share of capacity (Occuspace's percentages) is kept as it is
        coalesce(utilization_avg, {{ utilization('occupancy_avg', 'space_capacity') }})
            as utilization_avg,
        coalesce(utilization_peak, {{ utilization('occupancy_peak', 'space_capacity') }})
            as utilization_peak,
        time_used_hours,
        up_time,
        is_capped,
        capped_count_limit,
        visitors
    from located
)

select * from final
{{ where_run_days() }}
