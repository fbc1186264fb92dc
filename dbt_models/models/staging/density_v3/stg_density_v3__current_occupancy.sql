with

source as (
    {{ source_or_empty('density_v3', 'current_occupancy', {
        'space_id': 'varchar',
        'count': 'bigint',
        'timestamp': 'timestamptz',
        'is_capped': 'boolean',
        'capped_count_limit': 'bigint',
        'captured_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        space_id,
        "count" as current_count,
        "timestamp" as counted_at_utc,
        is_capped,
        capped_count_limit,
        captured_at as captured_at_utc
    from source
)

select * from renamed
