with

source as (
    {{ source_or_empty('density_v3', 'raw_sessions', {
        'space_id': 'varchar',
        'start_time': 'timestamptz',
        'end_time': 'timestamptz',
        'start_time_local': 'varchar',
        'end_time_local': 'varchar',
    }) }}
),

renamed as (
    select
        space_id,
        start_time as session_start_utc,
        end_time as session_end_utc,
        start_time_local as session_start_local,
        end_time_local as session_end_local
    from source
)

select * from renamed
