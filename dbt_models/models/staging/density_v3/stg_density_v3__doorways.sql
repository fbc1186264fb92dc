with

source as (
    {{ source_or_empty('density_v3', 'doorways', {
        'id': 'varchar',
        'name': 'varchar',
        'sensor_serial_number': 'varchar',
        'spaces': 'json',
        'created_at': 'timestamptz',
        'updated_at': 'timestamptz',
    }) }}
),

renamed as (
    select
        id as doorway_id,
        name as doorway_name,
        sensor_serial_number,
        spaces as space_links,
        created_at as created_at_utc,
        updated_at as updated_at_utc
    from source
)

select * from renamed
