with

source as (
    {{ source_or_empty('density_v3', 'sensor_health', {
        'serial_number': 'varchar',
        'health_status': 'varchar',
        'timestamp': 'timestamptz',
    }) }}
),

renamed as (
    select
        serial_number as sensor_serial_number,
        health_status,
        "timestamp" as status_changed_at_utc
    from source
)

select * from renamed
