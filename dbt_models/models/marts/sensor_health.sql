with

health_changes as (
    select * from {{ ref('stg_density_v3__sensor_health') }}
),

sensors as (
    select * from {{ ref('stg_density_v3__sensors') }}
),

with_previous as (
    select
        *,
        lag(health_status) over (
            partition by sensor_serial_number order by status_changed_at_utc
        ) as previous_status
    from health_changes
),

intervals as (
    -- a change to the status the sensor already had (a report repeated across request windows)
    -- does not start a new interval
    select
        sensor_serial_number,
        health_status,
        status_changed_at_utc as status_start_utc,
        lead(status_changed_at_utc) over (
            partition by sensor_serial_number order by status_changed_at_utc
        ) as status_end_utc
    from with_previous
    where previous_status is distinct from health_status
),

located_sensors as (
    select
        sensor_serial_number,
        sensor_type,
        list_transform(space_ids, space_id -> 'density:' || space_id) as space_keys,
        case when len(space_ids) = 1 then 'density:' || space_ids[1] end as space_key,
        case when len(floor_ids) = 1 then 'density:' || floor_ids[1] end as floor_key,
        case when len(building_ids) = 1 then 'density:' || building_ids[1] end as building_key
    from sensors
),

final as (
    select
        intervals.sensor_serial_number as serial_number,
        located_sensors.sensor_type,
        intervals.health_status,
        intervals.status_start_utc,
        intervals.status_end_utc,
        (epoch(intervals.status_end_utc) - epoch(intervals.status_start_utc)) / 3600 as hours,
        located_sensors.space_key,
        located_sensors.space_keys,
        located_sensors.floor_key,
        located_sensors.building_key
    from intervals
    left join located_sensors
        on intervals.sensor_serial_number = located_sensors.sensor_serial_number
)

select * from final
