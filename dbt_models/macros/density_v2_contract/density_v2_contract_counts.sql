{#- Hourly counts of one Density v2-contract source: renamed and typed. -#}
{% macro density_v2_contract_counts(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'counts', {
        'space_id': 'varchar',
        'request_interval': 'varchar',
        'timestamp': 'timestamptz',
        'count': 'bigint',
        'interval__analytics__min': 'bigint',
        'interval__analytics__max': 'bigint',
        'interval__analytics__events': 'bigint',
        'interval__analytics__entrances': 'bigint',
        'interval__analytics__exits': 'bigint',
        'interval__analytics__utilization': 'double',
        'interval__analytics__target_utilization': 'double',
        'interval__analytics__entry_rate': 'double',
        'interval__analytics__exit_rate': 'double',
    }) }}
),

renamed as (
    select
        space_id,
        "timestamp" as hour_start_utc,
        "count" as count_at_start,
        interval__analytics__min as count_min,
        interval__analytics__max as count_max,
        interval__analytics__events as event_count,
        interval__analytics__entrances as entrances,
        interval__analytics__exits as exits,
        interval__analytics__utilization as max_utilization,
        interval__analytics__target_utilization as max_target_utilization,
        interval__analytics__entry_rate as entry_rate_per_minute,
        interval__analytics__exit_rate as exit_rate_per_minute
    from source
    -- the pipelines load the 1h interval only; the model is the hourly series
    where request_interval = '1h'
)

select * from renamed
{% endmacro %}
