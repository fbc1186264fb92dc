{#- Entrance and exit events of one Density v2-contract source: renamed and typed. -#}
{% macro density_v2_contract_events(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'events', {
        'id': 'varchar',
        'space_id': 'varchar',
        'sensor_serial_number': 'varchar',
        'doorway_id': 'varchar',
        'timestamp': 'timestamptz',
        'direction': 'bigint',
    }) }}
),

renamed as (
    select
        id as event_id,
        space_id,
        sensor_serial_number,
        doorway_id,
        "timestamp" as event_at_utc,
        cast(direction as integer) as direction
    from source
)

select * from renamed
{% endmacro %}
