-- Density v3 spaces in the marts' shape, one row per space (key: space_key). v3 lists each
-- space's children, not its parent, so the parent is the space that lists it.
with

spaces as (
    select * from {{ ref('stg_density_v3__spaces') }}
),

child_links as (
    select
        space_id as parent_space_id,
        unnest(child_space_ids) as space_id
    from spaces
),

parents as (
    -- a space listed by two parents (a vendor inconsistency) keeps one of them, the same one on
    -- every build, so space_key stays unique
    select
        space_id,
        min(parent_space_id) as parent_space_id
    from child_links
    group by space_id
),

final as (
    select
        'density:' || spaces.space_id as space_key,
        'density' as vendor,
        'density_v3' as source_api,
        spaces.space_id,
        spaces.space_name as name,
        spaces.space_type,
        'density:' || parents.parent_space_id as parent_space_key,
        spaces.capacity,
        spaces.time_zone
    from spaces
    left join parents
        on spaces.space_id = parents.space_id
)

select * from final
