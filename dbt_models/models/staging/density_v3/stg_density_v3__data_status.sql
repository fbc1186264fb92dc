with

source as (
    {{ source_or_empty('density_v3', 'data_status', {
        'floor_id': 'varchar',
        'date': 'date',
        'data_status': 'double',
    }) }}
),

renamed as (
    select
        floor_id,
        "date" as local_date,
        data_status as processed_share
    from source
)

select * from renamed
