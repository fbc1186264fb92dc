-- Density v2 and Omnos hours in the marts' shape, one row per space per counted hour
-- (key: space_key, hour_start_utc): the counts rows are the hour spine, the average and the
-- time used come from the events.
with

v2_counts as (
    {{ density_v2_contract_union('counts') }}
),

v2_occupancy_from_events as (
    select * from {{ ref('int_density_v2__occupancy_hourly_from_events') }}
),

final as (
    select
        v2_counts.space_key,
        v2_counts.source_api,
        v2_counts.hour_start_utc,
        -- the marts read local time from the space's time zone (the vendor states it)
        cast(null as date) as local_date,
        cast(null as integer) as local_hour,
        v2_occupancy_from_events.occupancy_avg,
        -- a negative running count is a sensor miss (flagged negative_count), shown as 0
        greatest(v2_counts.count_max, 0) as occupancy_peak,
        v2_counts.entrances,
        v2_counts.exits,
        -- the marts derive utilization from occupancy and capacity
        cast(null as double) as utilization_avg,
        cast(null as double) as utilization_peak,
        v2_occupancy_from_events.time_used_hours,
        -- entry sensors report neither up time nor a count ceiling, and entrances are not
        -- unique visitors
        cast(null as double) as up_time,
        cast(null as boolean) as is_capped,
        cast(null as bigint) as capped_count_limit,
        cast(null as bigint) as visitors
    from v2_counts
    left join v2_occupancy_from_events
        on v2_counts.space_key = v2_occupancy_from_events.space_key
        and v2_counts.hour_start_utc = v2_occupancy_from_events.hour_start_utc
)

select * from final
