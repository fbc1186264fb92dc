-- Data-quality flags only Density v2 and Omnos data can raise, one row per space, hour and
-- flag: negative_count (the running count fell below 0) and count_mismatch (counts and events
-- disagree on an hour's entrances or exits).
with

v2_counts as (
    {{ density_v2_contract_union('counts') }}
),

v2_occupancy_from_events as (
    select * from {{ ref('int_density_v2__occupancy_hourly_from_events') }}
),

negative_count as (
    select
        space_key,
        'hour' as grain,
        hour_start_utc as period_start,
        cast(null as date) as local_date,
        'negative_count' as flag,
        'the running count fell to ' || count_min
            || ' (a sensor missed entrances); occupancy counts it as 0 until the daily reset'
            as detail
    from v2_counts
    where count_min < 0
),

count_mismatch as (
    select
        v2_counts.space_key,
        'hour' as grain,
        v2_counts.hour_start_utc as period_start,
        cast(null as date) as local_date,
        'count_mismatch' as flag,
        'counts say ' || v2_counts.entrances || ' entrances and ' || v2_counts.exits
            || ' exits, events say ' || v2_occupancy_from_events.event_entrances
            || ' entrances and ' || v2_occupancy_from_events.event_exits
            || ' exits: occupancy_avg follows the events, entrances and exits the counts'
            as detail
    from v2_counts
    inner join v2_occupancy_from_events
        on v2_counts.space_key = v2_occupancy_from_events.space_key
        and v2_counts.hour_start_utc = v2_occupancy_from_events.hour_start_utc
    where v2_counts.entrances is distinct from v2_occupancy_from_events.event_entrances
        or v2_counts.exits is distinct from v2_occupancy_from_events.event_exits
),

final as (
    select * from negative_count
    union all
    select * from count_mismatch
)

select * from final
