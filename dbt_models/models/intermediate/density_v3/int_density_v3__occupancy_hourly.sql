-- Density v3 hours in the marts' shape, one row per space per hourly metrics bucket
-- (key: space_key, hour_start_utc), the vendor's measures as they are but for negative counts.
with

metrics as (
    select * from {{ ref('stg_density_v3__metrics') }}
    where time_resolution = 'hour'
),

final as (
    select
        'density:' || space_id as space_key,
        'density_v3' as source_api,
        bucket_start_utc as hour_start_utc,
        -- the marts read local time from the space's time zone (the vendor states it)
        cast(null as date) as local_date,
        cast(null as integer) as local_hour,
        -- the vendor's running count of an entry space can fall below 0 when its sensor misses
        -- entrances (flagged negative_count): shown as 0, as for Density v2; the average, which
        -- the vendor takes over the negative levels too, is then a lower bound. (Not greatest():
        -- it would turn the null of an hour the sensor was offline into 0.)
        case when occupancy_avg < 0 then 0.0 else occupancy_avg end as occupancy_avg,
        case when occupancy_max < 0 then 0 else occupancy_max end as occupancy_peak,
        entrances,
        exits,
        -- the marts derive utilization from occupancy and the capacity in marts.spaces, as for
        -- Density v2: the vendor's rules (null when unset, 0 at 0), unrounded, and on the same
        -- capacity the capacity_missing and capacity_zero flags read
        cast(null as double) as utilization_avg,
        cast(null as double) as utilization_peak,
        cast(time_used_ms as double) / 3600000 as time_used_hours,
        up_time,
        is_capped,
        capped_count_limit,
        -- entrances are not unique visitors
        cast(null as bigint) as visitors
    from metrics
)

select * from final
