with

flags as (
    select * from {{ ref('data_quality_flags') }}
),

daily as (
    select * from {{ ref('occupancy_daily') }}
),

flag_days as (
    select
        space_key,
        local_date,
        flag,
        bool_or(grain = 'day') as flags_the_whole_day,
        count(distinct period_start) filter (where grain = 'hour') as flagged_hours
    from flags
    group by space_key, local_date, flag
),

counted as (
    select
        flag_days.space_key,
        flag_days.local_date,
        flag_days.flag,
        daily.hours_in_day,
        case
            when flag_days.flags_the_whole_day then daily.hours_in_day
            else cast(flag_days.flagged_hours as integer)
        end as hours_flagged
    from flag_days
    left join daily
        on flag_days.space_key = daily.space_key
        and flag_days.local_date = daily.local_date
),

final as (
    select
        space_key,
        local_date,
        flag,
        hours_in_day,
        hours_flagged,
        cast(hours_flagged as double) / nullif(hours_in_day, 0) as share_of_hours_flagged
    from counted
)

select * from final
{{ where_run_days() }}
