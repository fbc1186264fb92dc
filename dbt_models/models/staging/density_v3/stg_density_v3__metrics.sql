with

source as (
    {{ source_or_empty('density_v3', 'metrics', {
        'space_id': 'varchar',
        'time_resolution': 'varchar',
        'timestamp': 'timestamptz',
        'local_timestamp': 'varchar',
        'occupancy_avg': 'double',
        'occupancy_max': 'bigint',
        'occupancy_min': 'bigint',
        'utilization_avg': 'double',
        'utilization_max': 'double',
        'entrances': 'bigint',
        'exits': 'bigint',
        'time_used_raw': 'bigint',
        'time_used_percentage': 'double',
        'is_capped': 'boolean',
        'capped_count_limit': 'bigint',
        'up_time': 'double',
    }) }}
),

renamed as (
    select
        space_id,
        time_resolution,
        "timestamp" as bucket_start_utc,
        local_timestamp as bucket_start_local,
        occupancy_avg,
        occupancy_max,
        occupancy_min,
        utilization_avg,
        utilization_max,
        entrances,
        exits,
        time_used_raw as time_used_ms,
        time_used_percentage as time_used_share,
        is_capped,
        capped_count_limit,
        up_time
    from source
)

select * from renamed
