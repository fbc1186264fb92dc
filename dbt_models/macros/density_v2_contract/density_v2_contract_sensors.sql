{#- Sensors of one Density v2-contract source: renamed and typed. -#}
{% macro density_v2_contract_sensors(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'sensors', {
        'serial_number': 'varchar',
        'uuid': 'varchar',
        'organization_id': 'varchar',
        'doorway_id': 'varchar',
        'doorway_name': 'varchar',
        'sensor_type': 'varchar',
        'status': 'varchar',
        'last_heartbeat': 'timestamptz',
        'current_disposition': 'varchar',
        'firmware_version': 'varchar',
        'network_addresses': 'json',
        'created_at': 'timestamptz',
        'updated_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        serial_number as sensor_serial_number,
        uuid as sensor_uuid,
        organization_id,
        doorway_id,
        doorway_name,
        sensor_type,
        status as sensor_status,
        last_heartbeat as last_heartbeat_at_utc,
        current_disposition,
        firmware_version,
        network_addresses,
        created_at as created_at_utc,
        updated_at as updated_at_utc
    from source
)

select * from renamed
{% endmacro %}
