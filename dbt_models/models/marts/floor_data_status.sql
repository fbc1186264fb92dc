with

data_status as (
    select * from {{ ref('stg_density_v3__data_status') }}
),

final as (
    select
        'density:' || floor_id as space_key,
        floor_id,
        local_date,
        processed_share,
        -- the one definition of a final floor-day: Density has processed all of its data, so
        -- its figures will not change any more
        processed_share >= 1 as is_final
    from data_status
)

select * from final
{{ where_run_days() }}
