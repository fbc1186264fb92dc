{#- Time segments of one Density v2-contract source: renamed and typed, days parsed. -#}
{% macro density_v2_contract_time_segments(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'time_segments', {
        'id': 'varchar',
        'label': 'varchar',
        'start': 'varchar',
        'end': 'varchar',
        'days': 'json',
        'spaces': 'json',
    }) }}
),

renamed as (
    select
        id as time_segment_id,
        label as time_segment_label,
        cast("start" as time) as start_local_time,
        cast("end" as time) as end_local_time,
        cast(days as varchar[]) as days,
        spaces as space_links
    from source
)

select * from renamed
{% endmacro %}
