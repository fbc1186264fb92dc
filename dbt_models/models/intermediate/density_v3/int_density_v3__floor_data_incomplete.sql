-- The floor_data_incomplete flag, one row per Density v3 floor and local day that is not final
-- (marts.floor_data_status), keyed by the local day's midnight in the floor's time zone.
with

floor_data_status as (
    select * from {{ ref('floor_data_status') }}
),

spaces as (
    select * from {{ ref('stg_density_v3__spaces') }}
),

final as (
    select
        floor_data_status.space_key,
        'day' as grain,
        -- a floor missing from the spaces list: the day is keyed at 00:00 UTC, as the marts key
        -- the days of a space without a time zone
        coalesce(
            timezone(spaces.time_zone, cast(floor_data_status.local_date as timestamp)),
            cast(floor_data_status.local_date as timestamptz)
        ) as period_start,
        floor_data_status.local_date,
        'floor_data_incomplete' as flag,
        'Density had processed ' || round(floor_data_status.processed_share * 100, 1)
            || ' % of this floor''s data for the day when it was loaded: the day''s figures for'
            || ' the floor and its spaces are not final and will change; the daily load re-loads'
            || ' the day (for up to 30 days) until Density reports it complete' as detail
    from floor_data_status
    left join spaces
        on floor_data_status.floor_id = spaces.space_id
    where not floor_data_status.is_final
)

select * from final
