with

source as (
    {{ source_or_empty('density_v3', 'sensors', {
        'serial_number': 'varchar',
        'sensor_type': 'varchar',
        'hardware_type': 'varchar',
        'firmware_version': 'varchar',
        'location': 'json',
        'network_addresses': 'json',
        'created_at': 'timestamptz',
        'updated_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        serial_number as sensor_serial_number,
        sensor_type,
        hardware_type,
        firmware_version,
        cast(location -> 'building_ids' as varchar[]) as building_ids,
        cast(location -> 'floor_ids' as varchar[]) as floor_ids,
        cast(location -> 'space_ids' as varchar[]) as space_ids,
        network_addresses,
        created_at as created_at_utc,
        updated_at as updated_at_utc
    from source
)

select * from renamed
