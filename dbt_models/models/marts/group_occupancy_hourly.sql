with

member_hours as (
    select * from {{ ref('int_groups__member_hours') }}
),

concurrent_occupancy as (
    select * from {{ ref('int_groups__concurrent_occupancy') }}
),

group_hours as (
    select
        group_key,
        group_type,
        hour_start_utc,
        local_date,
        local_hour,
        cast(count(*) as integer) as member_spaces,
        -- the mean of a sum is the sum of the means; summed in member order, so a rebuild gives
        -- the same value to the bit
        sum(occupancy_avg order by space_key) as occupancy_avg,
        max(occupancy_peak) as max_member_peak,
        cast(sum(entrances) as bigint) as entrances,
        cast(sum(exits) as bigint) as exits,
        case
            when count(capacity) = count(*) then cast(sum(capacity) as bigint)
        end as capacity,
        max(time_used_hours) as max_member_time_used_hours,
        coalesce(bool_or(is_capped), false) as any_member_capped
    from member_hours
    group by group_key, group_type, hour_start_utc, local_date, local_hour
),

measured as (
    select
        group_hours.*,
        concurrent_occupancy.concurrent_peak,
        concurrent_occupancy.occupied_hours,
        (
            coalesce(concurrent_occupancy.timeline_members, 0) = group_hours.member_spaces
            and not group_hours.any_member_capped
        ) as is_exact
    from group_hours
    left join concurrent_occupancy
        on group_hours.group_key = concurrent_occupancy.group_key
        and group_hours.hour_start_utc = concurrent_occupancy.hour_start_utc
),

peaks as (
    select
        *,
        case
            when is_exact then concurrent_peak
            -- without every member's timeline the concurrent peak is only bounded: at least the
            -- peak of the members that have one, any member's own peak, and the group's average
            -- (people are whole, so the next whole number up; rounded first so floating-point
            -- noise does not add a person)
            else greatest(
                concurrent_peak,
                max_member_peak,
                cast(ceil(round(occupancy_avg, 6)) as bigint)
            )
        end as occupancy_peak,
        case
            when is_exact then occupied_hours
            else greatest(occupied_hours, max_member_time_used_hours)
        end as time_used_hours
    from measured
),

final as (
    select
        group_key,
        group_type,
        hour_start_utc,
        local_date,
        local_hour,
        member_spaces,
        occupancy_avg,
        occupancy_peak,
        not is_exact as peak_is_approximate,
        entrances,
        exits,
        capacity,
        {{ utilization('occupancy_avg', 'capacity') }} as utilization_avg,
        {{ utilization('occupancy_peak', 'capacity') }} as utilization_peak,
        time_used_hours
    from peaks
)

select * from final
{{ where_run_days() }}
