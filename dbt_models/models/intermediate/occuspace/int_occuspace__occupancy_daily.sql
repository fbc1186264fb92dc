-- The vendor's own day figures of every Occuspace location, one row per location per local day
-- (key: space_key, local_date) that any daily endpoint reported: occupancy and utilization
-- (daily_occupancy), visitors (daily_visitors) and dwell times (daily_dwell_time).
with

daily_occupancy as (
    select * from {{ ref('stg_occuspace__daily_occupancy') }}
),

daily_visitors as (
    select * from {{ ref('stg_occuspace__daily_visitors') }}
),

daily_dwell_time as (
    select * from {{ ref('stg_occuspace__daily_dwell_time') }}
),

reported_days as (
    select location_id, local_date from daily_occupancy
    union
    select location_id, local_date from daily_visitors
    union
    select location_id, local_date from daily_dwell_time
),

final as (
    select
        'occuspace:' || reported_days.location_id as space_key,
        reported_days.local_date,
        coalesce(
            daily_occupancy.day_start_utc,
            daily_visitors.day_start_utc,
            daily_dwell_time.day_start_utc
        ) as day_start_utc,
        cast(daily_occupancy.avg_occupancy as double) as occupancy_avg,
        daily_occupancy.peak_occupancy as occupancy_peak,
        daily_occupancy.avg_utilization as utilization_avg,
        daily_occupancy.peak_utilization as utilization_peak,
        daily_visitors.visitors,
        cast(daily_dwell_time.avg_dwell_minutes as double) as avg_dwell_minutes,
        cast(daily_dwell_time.peak_dwell_minutes as double) as peak_dwell_minutes
    from reported_days
    left join daily_occupancy
        on reported_days.location_id = daily_occupancy.location_id
        and reported_days.local_date = daily_occupancy.local_date
    left join daily_visitors
        on reported_days.location_id = daily_visitors.location_id
        and reported_days.local_date = daily_visitors.local_date
    left join daily_dwell_time
        on reported_days.location_id = daily_dwell_time.location_id
        and reported_days.local_date = daily_dwell_time.local_date
)

select * from final
