{#-
    One entity (spaces, counts or events: anything keyed by space_id) of every source that follows
    the Density v2 contract (var v2_sources), unioned, with the columns that tell the sources apart:
    source_api ('density_v2' | 'omnos'), vendor ('density' | 'omnos') and
    space_key ('<vendor>:<space_id>').
-#}
{% macro density_v2_contract_union(entity) %}
    {%- for source_name, vendor in var('v2_sources').items() %}
    select
        '{{ source_name }}' as source_api,
        '{{ vendor }}' as vendor,
        '{{ vendor }}:' || space_id as space_key,
        *
    from {{ ref('stg_' ~ source_name ~ '__' ~ entity) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
