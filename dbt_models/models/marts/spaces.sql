with

vendor_spaces as (
    select * from {{ ref('int_v2__spaces') }}
),

final as (
    select
        space_key,
        vendor,
        space_id,
        name,
        space_type,
        parent_space_key,
        capacity,
        time_zone
    from vendor_spaces
)

select * from final
