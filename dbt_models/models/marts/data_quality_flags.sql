-- One CTE per flag, each with the columns space_key, grain, period_start, flag, detail.
-- A day is keyed by the instant of its local midnight in the space's time zone.
with

daily as (
    select * from {{ ref('occupancy_daily') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

days as (
    select
        daily.space_key,
        daily.local_date,
        daily.capacity,
        -- a vendor that states no time zone (Occuspace): the day is keyed at 00:00 UTC
        coalesce(
            timezone(spaces.time_zone, cast(daily.local_date as timestamp)),
            cast(daily.local_date as timestamptz)
        ) as local_midnight_utc
    from daily
    inner join spaces
        on daily.space_key = spaces.space_key
),

capacity_missing as (
    select
        space_key,
        'day' as grain,
        local_midnight_utc as period_start,
        local_date,
        'capacity_missing' as flag,
        'no capacity is set for this space, so utilization is null: set the capacity at the vendor'
            as detail
    from days
    where capacity is null
),

capacity_zero as (
    select
        space_key,
        'day' as grain,
        local_midnight_utc as period_start,
        local_date,
        'capacity_zero' as flag,
        'the capacity of this space is 0, so utilization shows as 0: set the real capacity at the'
            || ' vendor' as detail
    from days
    where capacity = 0
),

api_flags as (
    select * from {{ ref('int_density_v2__quality_flags') }}
    union all
    select * from {{ ref('int_occuspace__quality_flags') }}
    union all
    select * from {{ ref('int_density_v3__quality_flags') }}
    union all
    select * from {{ ref('int_density_v3__floor_data_incomplete') }}
    union all
    select * from {{ ref('int_cross_api__count_mismatch') }}
),

flags as (
    select * from capacity_missing
    union all
    select * from capacity_zero
    union all
    select * from api_flags
),

merged_flags as (
    -- two sources can raise the same flag for the same space and period (count_mismatch from
    -- Density v2's counts against its events, and from v2 against v3): one row, both details
    select
        space_key,
        grain,
        period_start,
        max(local_date) as local_date,
        flag,
        string_agg(detail, '; ' order by detail) as detail
    from flags
    group by space_key, grain, period_start, flag
),

final as (
    select
        md5(
            flags.space_key || '|' || flags.grain || '|' || epoch_ms(flags.period_start)
            || '|' || flags.flag
        ) as flag_id,
        flags.space_key,
        flags.grain,
        flags.period_start,
        -- the local day the period starts in, for day-level summaries and the lake's partitions
        coalesce(flags.local_date, cast(timezone(spaces.time_zone, flags.period_start) as date))
            as local_date,
        flags.flag,
        flags.detail
    from merged_flags as flags
    left join spaces
        on flags.space_key = spaces.space_key
)

select * from final
{{ where_run_days() }}
