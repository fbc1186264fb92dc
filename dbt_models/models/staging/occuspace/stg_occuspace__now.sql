with

source as (
    {{ source_or_empty('occuspace', 'now', {
        'id': 'bigint',
        'name': 'varchar',
        'count': 'bigint',
        'percentage': 'double',
        'timestamp': 'timestamptz',
        'is_active': 'boolean',
        'child_counts': 'json',
        'vendor_message': 'varchar',
        'captured_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        id as location_id,
        name as location_name,
        "count" as occupancy_count,
        percentage as utilization,
        "timestamp" as estimated_at_utc,
        is_active,
        child_counts,
        vendor_message,
        captured_at as captured_at_utc
    from source
)

select * from renamed
