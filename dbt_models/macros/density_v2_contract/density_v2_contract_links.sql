{#- Links (a doorway counting for a space, and on which side its sensor is) of one Density
    v2-contract source: renamed and typed. -#}
{% macro density_v2_contract_links(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'links', {
        'id': 'varchar',
        'space_id': 'varchar',
        'doorway_id': 'varchar',
        'space_name': 'varchar',
        'doorway_name': 'varchar',
        'sensor_placement': 'bigint',
    }) }}
),

renamed as (
    select
        id as link_id,
        space_id,
        doorway_id,
        space_name,
        doorway_name,
        -- 1: the sensor is mounted inside the space, -1: outside
        sensor_placement
    from source
)

select * from renamed
{% endmacro %}
