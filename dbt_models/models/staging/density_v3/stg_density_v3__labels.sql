with

source as (
    {{ source_or_empty('density_v3', 'labels', {
        'id': 'varchar',
        'name': 'varchar',
        'group': 'json',
        'spaces': 'json',
    }) }}
),

renamed as (
    select
        id as label_id,
        name as label_name,
        "group" ->> 'id' as label_group_id,
        "group" ->> 'name' as label_group_name,
        spaces as space_links
    from source
)

select * from renamed
