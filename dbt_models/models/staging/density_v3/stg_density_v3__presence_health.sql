with

source as (
    {{ source_or_empty('density_v3', 'presence_health', {
        'space_id': 'varchar',
        'presence': 'boolean',
        'health_status': 'varchar',
        'timestamp': 'timestamptz',
        'captured_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        space_id,
        presence as is_present,
        health_status,
        "timestamp" as observed_at_utc,
        captured_at as captured_at_utc
    from source
)

select * from renamed
