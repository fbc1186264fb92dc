with

source as (
    {{ source_or_empty('density_v3', 'current_sensor_health', {
        'serial_number': 'varchar',
        'health_status': 'varchar',
        'last_status_change': 'timestamptz',
        'captured_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        serial_number as sensor_serial_number,
        health_status,
        last_status_change as status_changed_at_utc,
        captured_at as captured_at_utc
    from source
)

select * from renamed
