with

source as (
    {{ source_or_empty('density_v3', 'spaces', {
        'id': 'varchar',
        'name': 'varchar',
        'space_type': 'varchar',
        'counting_mode': 'varchar',
        'function': 'varchar',
        'time_zone': 'varchar',
        'daily_reset': 'varchar',
        'capacity': 'bigint',
        'binary_occupancy': 'boolean',
        'children_ids': 'json',
        'children': 'json',
        'labels': 'json',
        'address': 'varchar',
        'cost_per_sqft': 'double',
        'size_area': 'double',
        'iwms_id': 'varchar',
        'go_live_date_utc': 'timestamptz',
        'status': 'varchar',
    }) }}
),

renamed as (
    select
        id as space_id,
        name as space_name,
        space_type,
        counting_mode,
        "function" as space_function,
        time_zone,
        cast(daily_reset as time) as daily_reset,
        capacity,
        binary_occupancy,
        cast(children_ids as varchar[]) as child_space_ids,
        children,
        labels,
        address,
        cost_per_sqft,
        size_area,
        iwms_id,
        go_live_date_utc as go_live_at_utc,
        status as space_status
    from source
)

select * from renamed
