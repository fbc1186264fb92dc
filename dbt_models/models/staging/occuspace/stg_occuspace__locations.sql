with

source as (
    {{ source_or_empty('occuspace', 'locations', {
        'id': 'bigint',
        'name': 'varchar',
        'parent_id': 'bigint',
        'capacity': 'bigint',
        'earliest_count': 'date',
        'is_active': 'boolean',
        'vendor_message': 'varchar',
    }) }}
),

renamed as (
    select
        id as location_id,
        parent_id as parent_location_id,
        name as location_name,
        capacity,
        earliest_count as earliest_count_date,
        is_active,
        vendor_message
    from source
)

select * from renamed
