with

source as (
    {{ source_or_empty('occuspace', 'daily_visitors', {
        'location_id': 'bigint',
        'normalized_date': 'date',
        'timestamp': 'timestamptz',
        'visitors': 'bigint',
        'vendor_message': 'varchar',
    }) }}
),

renamed as (
    select
        location_id,
        normalized_date as local_date,
        "timestamp" as day_start_utc,
        visitors,
        vendor_message
    from source
)

select * from renamed
