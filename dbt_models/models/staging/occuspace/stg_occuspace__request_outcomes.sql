with

source as (
    {{ source_or_empty('occuspace', 'request_outcomes', {
        'location_id': 'bigint',
        'location_name': 'varchar',
        'endpoint': 'varchar',
        'start_date': 'date',
        'end_date': 'date',
        'outcome': 'varchar',
        'http_status': 'integer',
        'vendor_message': 'varchar',
        'error': 'varchar',
        '_dlt_load_id': 'varchar',
    }) }}
),

renamed as (
    select
        location_id,
        location_name,
        endpoint,
        start_date,
        end_date,
        outcome,
        http_status,
        vendor_message,
        error as error_message,
        -- dlt's load id is the load's start in epoch seconds: it orders a day's requests
        to_timestamp(cast(_dlt_load_id as double)) as loaded_at_utc
    from source
)

select * from renamed
