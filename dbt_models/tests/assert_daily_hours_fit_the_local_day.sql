-- A local day holds at most as many hours as it lasts in the space's time zone: 23 on a
-- spring-forward day, 25 on a fall-back day, 24 otherwise. (meta: Dagster shows it as a check of
-- occupancy_daily, although it also reads spaces.)
{{ config(meta={
    'dagster': {'ref': {'name': 'occupancy_daily'}},
    'description': 'A local day holds at most as many hours as it lasts in its space\'s time'
        ' zone (23, 24 or 25): hours placed in the wrong zone or day fail it.',
}) }}

with

daily as (
    select * from {{ ref('occupancy_daily') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

day_lengths as (
    select
        daily.space_key,
        daily.local_date,
        daily.hours_in_day,
        (
            epoch(timezone(spaces.time_zone, cast(daily.local_date + 1 as timestamp)))
            - epoch(timezone(spaces.time_zone, cast(daily.local_date as timestamp)))
        ) / 3600 as hours_in_local_day
    from daily
    inner join spaces
        on daily.space_key = spaces.space_key
)

select * from day_lengths
where hours_in_day > hours_in_local_day
