{#- Tags of one Density v2-contract source. -#}
{% macro density_v2_contract_tags(source_name) %}
with

source as (
    {{ source_or_empty(source_name, 'tags', {
        'name': 'varchar',
    }) }}
),

renamed as (
    select
        name as tag_name
    from source
)

select * from renamed
{% endmacro %}
