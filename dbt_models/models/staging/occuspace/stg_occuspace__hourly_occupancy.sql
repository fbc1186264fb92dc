with

source as (
    {{ source_or_empty('occuspace', 'hourly_occupancy', {
        'location_id': 'bigint',
        'normalized_date': 'date',
        'normalized_time': 'time',
        'fold': 'integer',
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
        normalized_time as local_time,
        fold,
        avg_occupancy,
        peak_occupancy,
        avg_percentage_occupied as avg_utilization,
        peak_percentage_occupied as peak_utilization,
        vendor_message
    from source
)

select * from renamed
