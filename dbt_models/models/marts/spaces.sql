with

vendor_spaces as (
    select * from {{ ref('int_v2__spaces') }}
),

ancestors as (
    {{ space_ancestors('vendor_spaces') }}
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
        time_zone,
        campus_key,
        building_key,
        floor_key
    from vendor_spaces
    left join ancestors using (space_key)
)

select * from final
