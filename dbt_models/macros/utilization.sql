{#-
    Occupancy over capacity, by the vendors' rule: null when the capacity is unset, 0 when it is 0
    (data_quality_flags marks those days capacity_zero).
-#}
{% macro utilization(occupancy, capacity) -%}
    case
        when {{ capacity }} is null then null
        when {{ capacity }} = 0 then 0.0
        else cast({{ occupancy }} as double) / {{ capacity }}
    end
{%- endmacro %}
