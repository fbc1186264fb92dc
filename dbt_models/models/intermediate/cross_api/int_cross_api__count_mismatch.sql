-- The count_mismatch flag of the Density spaces both Density v2 and Density v3 count, one row
-- per space and hour whose v2 and v3 entrances or exits differ by more than var
-- count_mismatch_tolerance (grain 'hour').
{%- set tolerance = var('count_mismatch_tolerance', {}) %}
{%- set absolute_tolerance = tolerance.get('absolute', 1) %}
{%- set relative_tolerance = tolerance.get('relative', 0.05) %}

with

v3_metrics as (
    select * from {{ ref('stg_density_v3__metrics') }}
    where time_resolution = 'hour'
),

v2_counts as (
    select * from {{ ref('stg_density_v2__counts') }}
),

both_apis as (
    select
        'density:' || v3_metrics.space_id as space_key,
        v3_metrics.bucket_start_utc as hour_start_utc,
        v2_counts.entrances as v2_entrances,
        v2_counts.exits as v2_exits,
        v3_metrics.entrances as v3_entrances,
        v3_metrics.exits as v3_exits
    from v3_metrics
    inner join v2_counts
        on v3_metrics.space_id = v2_counts.space_id
        and v3_metrics.bucket_start_utc = v2_counts.hour_start_utc
),

final as (
    select
        space_key,
        'hour' as grain,
        hour_start_utc as period_start,
        cast(null as date) as local_date,
        'count_mismatch' as flag,
        'Density v2 counts ' || coalesce(cast(v2_entrances as varchar), 'no')
            || ' entrances and ' || coalesce(cast(v2_exits as varchar), 'no')
            || ' exits, Density v3 ' || coalesce(cast(v3_entrances as varchar), 'no')
            || ' entrances and ' || coalesce(cast(v3_exits as varchar), 'no')
            || ' exits, further apart than the tolerance (max({{ absolute_tolerance }}, '
            || round(cast({{ relative_tolerance }} as double) * 100, 1)
            || ' % of the larger)): the marts show v3''s figures for the hour' as detail
    from both_apis
    where abs(v2_entrances - v3_entrances) > greatest(
            {{ absolute_tolerance }},
            {{ relative_tolerance }} * greatest(v2_entrances, v3_entrances)
        )
        or abs(v2_exits - v3_exits) > greatest(
            {{ absolute_tolerance }},
            {{ relative_tolerance }} * greatest(v2_exits, v3_exits)
        )
)

select * from final
