-- Density v2 and Omnos spaces in the marts' shape, one row per space (key: space_key).
with

v2_spaces as (
    {{ density_v2_contract_union('spaces') }}
),

final as (
    select
        space_key,
        vendor,
        source_api,
        space_id,
        space_name as name,
        space_type,
        case
            when parent_space_id is not null then vendor || ':' || parent_space_id
        end as parent_space_key,
        capacity,
        time_zone
    from v2_spaces
)

select * from final
