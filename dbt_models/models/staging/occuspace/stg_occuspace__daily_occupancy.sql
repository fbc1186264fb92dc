with

source as (
    {{ source_or_empty('occuspace', 'daily_occupancy', {
        'location_id': 'bigint',
        'normalized_date': 'date',
        'timestamp': 'timestamptz',
        'avg_occupancy': 'bigint',
        'peak_occupancy': 'bigint',
        'avg_percentage_occupied': 'double',
        'peak_percentage_occupied': 'double',
        'vendor_message': 'varchar',
    }) }}
),

renamed as (
    select
        location_id,
        normalized_date as local_date,
        "timestamp" as day_start_utc,
        avg_occupancy,
        peak_occupancy,
        avg_percentage_occupied as avg_utilization,
        peak_percentage_occupied as peak_utilization,
        vendor_message
    from source
)

select * from renamed
