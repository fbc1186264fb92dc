with

v2_counts as (
    {{ union_v2_staging('counts') }}
),

v2_occupancy_from_events as (
    select * from {{ ref('int_v2__occupancy_hourly_from_events') }}
),

spaces as (
    select * from {{ ref('spaces') }}
),

v2_hours as (
    -- the counts rows are the hour spine; the average and time used come from the events
    select
        v2_counts.space_key,
        v2_counts.source_api,
        v2_counts.hour_start_utc,
        timezone(spaces.time_zone, v2_counts.hour_start_utc) as hour_start_local,
        v2_occupancy_from_events.occupancy_avg,
        -- a negative running count is a sensor miss (flagged negative_count), shown as 0
        greatest(v2_counts.count_max, 0) as occupancy_peak,
        v2_counts.entrances,
        v2_counts.exits,
        spaces.capacity,
        v2_occupancy_from_events.time_used_hours,
        -- entry sensors report neither up time nor a count ceiling
        cast(null as double) as up_time,
        cast(null as boolean) as is_capped,
        cast(null as bigint) as capped_count_limit
    from v2_counts
    left join spaces
        on v2_counts.space_key = spaces.space_key
    left join v2_occupancy_from_events
        on v2_counts.space_key = v2_occupancy_from_events.space_key
        and v2_counts.hour_start_utc = v2_occupancy_from_events.hour_start_utc
),

final as (
    select
        space_key,
        source_api,
        hour_start_utc,
        cast(hour_start_local as date) as local_date,
        cast(hour(hour_start_local) as integer) as local_hour,
        occupancy_avg,
        occupancy_peak,
        entrances,
        exits,
        capacity,
        {{ utilization('occupancy_avg', 'capacity') }} as utilization_avg,
        {{ utilization('occupancy_peak', 'capacity') }} as utilization_peak,
        time_used_hours,
        up_time,
        is_capped,
        capped_count_limit
    from v2_hours
)

select * from final
