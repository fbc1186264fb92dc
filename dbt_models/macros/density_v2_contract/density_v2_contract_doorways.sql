{#- Doorways of one Density v2-contract source: renamed and typed, tags parsed. -#}
{% macro density_v2_contract_doorways(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'doorways', {
        'id': 'varchar',
        'name': 'varchar',
        'description': 'varchar',
        'sensor_serial_number': 'varchar',
        'spaces': 'json',
        'tags': 'json',
        'created_at': 'timestamptz',
        'updated_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        id as doorway_id,
        name as doorway_name,
        description,
        sensor_serial_number,
        spaces as space_links,
        cast(tags as varchar[]) as tags,
        created_at as created_at_utc,
        updated_at as updated_at_utc
    from source
)

select * from renamed
{% endmacro %}
