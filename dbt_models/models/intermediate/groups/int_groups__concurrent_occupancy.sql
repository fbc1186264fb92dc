-- The exact occupancy of every building and floor hour whose members have a timeline
-- (int_density_v2__occupancy_segments): the members' running counts summed over time.
-- A table, not a view: the hourly roll-up and the data tests both read it.
{{ config(materialized='table') }}

with

member_hours as (
    select * from {{ ref('int_groups__member_hours') }}
),

segments as (
    select * from {{ ref('int_density_v2__occupancy_segments') }}
),

member_segments as (
    -- each segment lies within its counted hour, so a group's timeline can be summed hour by hour
    select
        member_hours.group_key,
        segments.space_key,
        segments.hour_start_utc,
        segments.segment_start_utc,
        segments.segment_end_utc,
        greatest(segments.running_count, 0) as level
    from segments
    inner join member_hours
        on segments.space_key = member_hours.space_key
        and segments.hour_start_utc = member_hours.hour_start_utc
),

level_changes as (
    -- a member's level joins the group's sum at its segment's start and leaves it at its end
    select
        group_key,
        hour_start_utc,
        segment_start_utc as changed_at_utc,
        level as level_change,
        case when level > 0 then 1 else 0 end as occupied_change
    from member_segments
    union all
    select
        group_key,
        hour_start_utc,
        segment_end_utc,
        -level,
        case when level > 0 then -1 else 0 end
    from member_segments
),

change_points as (
    -- the changes of one instant apply together: a member's level ending as another's starts
    -- must not show a sum that never existed
    select
        group_key,
        hour_start_utc,
        changed_at_utc,
        sum(level_change) as level_change,
        sum(occupied_change) as occupied_change
    from level_changes
    group by group_key, hour_start_utc, changed_at_utc
),

levels as (
    -- group_level, the sum of the members' levels, holds from changed_at_utc to the next change
    select
        group_key,
        hour_start_utc,
        epoch_ms(
            lead(changed_at_utc) over (
                partition by group_key, hour_start_utc order by changed_at_utc
            )
        ) - epoch_ms(changed_at_utc) as duration_ms,
        sum(level_change) over (
            partition by group_key, hour_start_utc
            order by changed_at_utc
            rows between unbounded preceding and current row
        ) as group_level,
        sum(occupied_change) over (
            partition by group_key, hour_start_utc
            order by changed_at_utc
            rows between unbounded preceding and current row
        ) as occupied_members
    from change_points
),

timeline_members as (
    select
        group_key,
        hour_start_utc,
        cast(count(distinct space_key) as integer) as timeline_members
    from member_segments
    group by group_key, hour_start_utc
),

group_hours as (
    select
        group_key,
        hour_start_utc,
        cast(max(group_level) as bigint) as concurrent_peak,
        sum(case when occupied_members > 0 then duration_ms else 0 end) / 3600000.0
            as occupied_hours
    from levels
    group by group_key, hour_start_utc
),

final as (
    select
        group_hours.group_key,
        group_hours.hour_start_utc,
        timeline_members.timeline_members,
        group_hours.concurrent_peak,
        group_hours.occupied_hours
    from group_hours
    inner join timeline_members
        on group_hours.group_key = timeline_members.group_key
        and group_hours.hour_start_utc = timeline_members.hour_start_utc
)

select * from final
