with

source as (
    {{ source_or_empty('occuspace', 'daily_dwell_time', {
        'location_id': 'bigint',
        'normalized_date': 'date',
        'timestamp': 'timestamptz',
        'avg_dwell_time': 'bigint',
        'peak_dwell_time': 'bigint',
        'vendor_message': 'varchar',
    }) }}
),

renamed as (
    select
        location_id,
        normalized_date as local_date,
        "timestamp" as day_start_utc,
        avg_dwell_time as avg_dwell_minutes,
        peak_dwell_time as peak_dwell_minutes,
        vendor_message
    from source
)

select * from renamed
