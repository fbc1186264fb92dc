with

source as (
    {{ source_or_empty('occuspace', 'hourly_visitors', {
        'location_id': 'bigint',
        'timestamp': 'timestamptz',
        'normalized_date': 'date',
        'normalized_time': 'time',
        'visitors': 'bigint',
        'vendor_message': 'varchar',
    }) }}
),

renamed as (
    select
        location_id,
        "timestamp" as hour_start_utc,
        normalized_date as local_date,
        normalized_time as local_time,
        visitors,
        vendor_message
    from source
)

select * from renamed
