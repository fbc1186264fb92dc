{#- Time segment groups of one Density v2-contract source: renamed and typed. -#}
{% macro density_v2_contract_time_segment_groups(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'time_segment_groups', {
        'id': 'varchar',
        'name': 'varchar',
        'time_segments': 'json',
    }) }}
),

renamed as (
    select
        id as time_segment_group_id,
        name as time_segment_group_name,
        time_segments as time_segment_links
    from source
)

select * from renamed
{% endmacro %}
