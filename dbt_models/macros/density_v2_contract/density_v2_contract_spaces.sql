{#- Spaces of one Density v2-contract source: renamed and typed, tags parsed. -#}
{% macro density_v2_contract_spaces(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'spaces', {
        'id': 'varchar',
        'name': 'varchar',
        'description': 'varchar',
        'notes': 'varchar',
        'parent_id': 'varchar',
        'space_type': 'varchar',
        'function': 'varchar',
        'time_zone': 'varchar',
        'daily_reset': 'varchar',
        'current_count': 'bigint',
        'capacity': 'bigint',
        'target_capacity': 'bigint',
        'counting_mode': 'varchar',
        'sensors_total': 'bigint',
        'created_at': 'timestamptz',
        'updated_at': 'timestamptz',
        'ancestry': 'json',
        'doorways': 'json',
        'tags': 'json',
        'time_segments': 'json',
        'meta': 'json',
    }) }}
),

renamed as (
    select
        id as space_id,
        parent_id as parent_space_id,
        name as space_name,
        description,
        notes,
        space_type,
        "function" as space_function,
        time_zone,
        -- the vendor's documented default when the space has none
        coalesce(cast(daily_reset as time), time '04:00') as daily_reset,
        current_count,
        capacity,
        target_capacity,
        counting_mode,
        sensors_total,
        created_at as created_at_utc,
        updated_at as updated_at_utc,
        ancestry,
        doorways as doorway_links,
        cast(tags as varchar[]) as tags,
        time_segments,
        meta
    from source
)

select * from renamed
{% endmacro %}
