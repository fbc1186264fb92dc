-- Data-quality flags only Occuspace data raises, one row per location, local day and flag
-- (grain 'day'): vendor_message (the vendor said something about the day's data) and
-- missing_data (hours without occupancy, or a request of the day that failed).
with

local_days as (
    select * from {{ ref('int_occuspace__local_days') }}
),

keyed_days as (
    select
        *,
        -- without any timestamp of the vendor for the day, the day is keyed at 00:00 UTC, as
        -- the marts key the days of a space without a time zone
        coalesce(day_start_utc, cast(local_date as timestamptz)) as period_start,
        hours_in_local_day - hours_with_occupancy as missing_hours
    from local_days
),

vendor_message as (
    select
        space_key,
        'day' as grain,
        period_start,
        local_date,
        'vendor_message' as flag,
        array_to_string(vendor_messages, ' | ') as detail
    from keyed_days
    where len(vendor_messages) > 0
),

missing_data as (
    select
        space_key,
        'day' as grain,
        period_start,
        local_date,
        'missing_data' as flag,
        concat_ws(
            ' and ',
            'requests for this day failed (' || failed_requests || ')',
            case
                when missing_hours > 0
                    then 'hourly occupancy is missing for ' || missing_hours || ' of the day''s '
                        || hours_in_local_day || ' hours'
                -- no timestamp of the day at all, so not even its length is known
                when hours_in_local_day is null then 'the day has no hourly occupancy'
            end
        ) || ': ' || case
            when failures_are_forbidden
                then 'the token may not read this location; ask Occuspace for access, then load'
                    || ' the day again'
            when failed_requests is not null then 'load the day again to fill the gap'
            else 'Occuspace sent none for them (its vendor_message for the day may say why);'
                || ' load the day again once it has them'
        end as detail
    from keyed_days
    where failed_requests is not null
        or missing_hours > 0
        or hours_in_local_day is null
),

final as (
    select * from vendor_message
    union all
    select * from missing_data
)

select * from final
