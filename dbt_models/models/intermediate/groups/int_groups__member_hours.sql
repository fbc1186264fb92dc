-- The hours of the leaf spaces (space_type 'space') of every building and floor, one row per
-- group, member and hour (key: group_key, space_key, hour_start_utc). A group's own sensors
-- (a building's or floor's own counts) are not members: they would count the same people twice.
with

spaces as (
    select * from {{ ref('spaces') }}
),

hourly as (
    select * from {{ ref('occupancy_hourly') }}
),

leaves as (
    select * from spaces
    where space_type = 'space'
),

memberships as (
    select building_key as group_key, 'building' as group_type, space_key
    from leaves
    where building_key is not null
    union all
    select floor_key, 'floor', space_key
    from leaves
    where floor_key is not null
),

located as (
    select
        memberships.group_key,
        memberships.group_type,
        hourly.*,
        -- the group's own time zone, which its local days and hours are read in
        timezone(group_spaces.time_zone, hourly.hour_start_utc) as hour_start_local
    from memberships
    inner join hourly
        on memberships.space_key = hourly.space_key
    inner join spaces as group_spaces
        on memberships.group_key = group_spaces.space_key
),

final as (
    select
        group_key,
        group_type,
        space_key,
        source_api,
        hour_start_utc,
        -- a vendor that states no time zones (Occuspace) gives its own local date and hour
        coalesce(cast(hour_start_local as date), local_date) as local_date,
        coalesce(cast(hour(hour_start_local) as integer), local_hour) as local_hour,
        occupancy_avg,
        occupancy_peak,
        entrances,
        exits,
        capacity,
        time_used_hours,
        is_capped
    from located
)

select * from final
