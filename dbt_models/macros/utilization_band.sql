{#-
    The band of a utilization: 'under_60' (< 0.6), '60_to_100' (0.6 to 1.0, both included) or
    'over_100' (> 1.0); null when the utilization is null (no capacity).
-#}
{% macro utilization_band(utilization) -%}
    case
        when {{ utilization }} < 0.6 then 'under_60'
        when {{ utilization }} <= 1.0 then '60_to_100'
        when {{ utilization }} > 1.0 then 'over_100'
    end
{%- endmacro %}
