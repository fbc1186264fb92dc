{%- set operating_hours = var('operating_hours') -%}

with

hourly as (
    select * from {{ ref('occupancy_hourly') }}
),

working_hours as (
    -- local_hour is the hour's local start: with start_hour 8 and end_hour 18 the working hours
    -- are 08:00 to 18:00, the hours starting at 8 to 17
    select
        *,
        {{ utilization_band('utilization_peak') }} as utilization_band
    from hourly
    where isodow(local_date) in ({{ operating_hours['days'] | join(', ') }})
        and local_hour >= {{ operating_hours['start_hour'] }}
        and local_hour < {{ operating_hours['end_hour'] }}
),

days as (
    select
        space_key,
        source_api,
        local_date,
        cast(count(*) as integer) as working_hours,
        sum(time_used_hours order by hour_start_utc) as hours_used,
        avg(occupancy_avg order by hour_start_utc) as occupancy_avg,
        max(occupancy_peak) as occupancy_peak,
        max(capacity) as capacity,
        cast(count(*) filter (where utilization_band = 'under_60') as integer) as hours_under_60,
        cast(count(*) filter (where utilization_band = '60_to_100') as integer)
            as hours_60_to_100,
        cast(count(*) filter (where utilization_band = 'over_100') as integer) as hours_over_100,
        count(*) filter (where occupancy_peak >= capacity) as saturated_hours
    from working_hours
    group by space_key, source_api, local_date
),

utilized as (
    select
        *,
        {{ utilization('occupancy_avg', 'capacity') }} as utilization_avg,
        {{ utilization('occupancy_peak', 'capacity') }} as utilization_peak
    from days
),

final as (
    select
        space_key,
        source_api,
        local_date,
        working_hours,
        hours_used,
        occupancy_avg,
        occupancy_peak,
        capacity,
        utilization_avg,
        utilization_peak,
        {{ utilization_band('utilization_peak') }} as utilization_band,
        hours_under_60,
        hours_60_to_100,
        hours_over_100,
        case
            when capacity > 0 then cast(saturated_hours as double) / working_hours
        end as saturation
    from utilized
)

select * from final
{{ where_run_days() }}
