with

vendor_spaces as (
    select * from {{ ref('int_density_v2__spaces') }}
    union all
    select * from {{ ref('int_occuspace__spaces') }}
    union all
    select * from {{ ref('int_density_v3__spaces') }}
),

unique_spaces as (
    -- Density v2 and v3 list the same spaces under the same space_key: one row each, v3's
    select * from vendor_spaces
    qualify row_number() over (
        partition by space_key
        order by source_api = 'density_v3' desc
    ) = 1
),

ancestors as (
    {{ space_ancestors('unique_spaces') }}
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
    from unique_spaces
    left join ancestors using (space_key)
)

select * from final
