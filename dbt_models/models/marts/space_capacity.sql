-- Whole history by nature (a percentile over every working day), so always rebuilt in full.
{{ config(materialized='table') }}

with

spaces as (
    select * from {{ ref('spaces') }}
),

working_days as (
    select * from {{ ref('working_hours_daily') }}
),

observed as (
    -- a working day without a peak (no hour counted) says nothing about how full the space gets
    select
        space_key,
        cast(count(occupancy_peak) as integer) as working_days,
        round(quantile_cont(occupancy_peak, 0.95), 1) as effective_capacity
    from working_days
    group by space_key
),

final as (
    select
        spaces.space_key,
        spaces.capacity,
        observed.effective_capacity,
        coalesce(observed.working_days, 0) as working_days
    from spaces
    left join observed using (space_key)
)

select * from final
