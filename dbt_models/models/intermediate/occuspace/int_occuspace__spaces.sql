-- Occuspace locations in the marts' shape, one row per location (key: space_key). The API has
-- no location type, so it is read from the location's height in the tree.
with recursive

locations as (
    select * from {{ ref('stg_occuspace__locations') }}
),

leaves as (
    select location_id
    from locations
    where not exists (
        select 1
        from locations as children
        where children.parent_location_id = locations.location_id
    )
),

climbs (location_id, height, path) as (
    -- from every leaf up its chain of parents, one level per step; a parent already passed (a
    -- loop in the vendor's tree) ends the climb, which would otherwise never end
    select
        location_id,
        0,
        [location_id]
    from leaves
    union all
    select
        parents.location_id,
        climbs.height + 1,
        list_append(climbs.path, parents.location_id)
    from climbs
    inner join locations as children
        on climbs.location_id = children.location_id
    inner join locations as parents
        on children.parent_location_id = parents.location_id
    where not list_contains(climbs.path, parents.location_id)
),

heights as (
    -- the longest way down to a leaf
    select
        location_id,
        max(height) as height
    from climbs
    group by location_id
),

final as (
    select
        'occuspace:' || locations.location_id as space_key,
        'occuspace' as vendor,
        'occuspace' as source_api,
        cast(locations.location_id as varchar) as space_id,
        locations.location_name as name,
        case
            when heights.height = 0 then 'space'
            when heights.height = 1 then 'floor'
            when heights.height = 2 then 'building'
            when heights.height >= 3 then 'campus'
        end as space_type,
        case
            when locations.parent_location_id is not null
                then 'occuspace:' || locations.parent_location_id
        end as parent_space_key,
        locations.capacity,
        -- the API states no time zone: the vendor gives each row's local date and hour itself
        cast(null as varchar) as time_zone
    from locations
    left join heights
        on locations.location_id = heights.location_id
)

select * from final
