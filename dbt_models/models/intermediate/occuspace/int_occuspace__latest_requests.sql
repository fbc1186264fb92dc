-- The latest request of each Occuspace location, endpoint and local day it covers, from the
-- location's earliest count on, one row per location, endpoint and day (key: location_id,
-- endpoint, local_date).
with

locations as (
    select * from {{ ref('stg_occuspace__locations') }}
),

request_outcomes as (
    select * from {{ ref('stg_occuspace__request_outcomes') }}
),

request_days as (
    -- every day of each request's inclusive range
    select
        *,
        start_date + cast(unnest(range(0, end_date - start_date + 1)) as integer) as local_date
    from request_outcomes
),

final as (
    -- a reload over other dates adds requests instead of replacing the earlier ones: per
    -- endpoint, only a day's latest request tells whether the day could be fetched
    select
        request_days.location_id,
        request_days.endpoint,
        request_days.local_date,
        request_days.start_date,
        request_days.end_date,
        request_days.outcome,
        request_days.http_status,
        request_days.vendor_message,
        request_days.error_message,
        request_days.loaded_at_utc
    from request_days
    inner join locations
        on request_days.location_id = locations.location_id
    where request_days.local_date >= locations.earliest_count_date
    qualify row_number() over (
        partition by request_days.location_id, request_days.endpoint, request_days.local_date
        order by
            request_days.loaded_at_utc desc nulls last,
            request_days.start_date desc,
            request_days.end_date desc
    ) = 1
)

select * from final
