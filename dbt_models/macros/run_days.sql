{#-
    The run's local days: Dagster passes its partition window as the vars `first_day` and
    `last_day` (YYYY-MM-DD, inclusive). A day-grained mart is incremental on them: its pre-hook
    deletes those days (delete_run_days) and its final select keeps only them (where_run_days),
    so a daily run rebuilds the last few days, not years. Without the vars (a plain `dbt build`)
    and on a first or --full-refresh build, every day is rebuilt.
-#}
{% macro run_days() %}
    {%- set first_day, last_day = var('first_day', none), var('last_day', none) -%}
    {%- if first_day is none and last_day is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for day in (first_day, last_day) -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', day | string) -%}
            {{ exceptions.raise_compiler_error(
                "vars first_day and last_day must both be dates YYYY-MM-DD, got "
                ~ first_day ~ " and " ~ last_day
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return((first_day | string, last_day | string)) }}
{% endmacro %}

{#- A unit test compiles a model with no relation of its own (`this` is none): not incremental. -#}
{% macro incremental_run() -%}
    {{ return(this is not none and is_incremental()) }}
{%- endmacro %}

{% macro run_days_predicate(column) -%}
    {%- set days = run_days() -%}
    {%- if days is none -%}
        true
    {%- else -%}
        {{ column }} between date '{{ days[0] }}' and date '{{ days[1] }}'
    {%- endif -%}
{%- endmacro %}

{% macro where_run_days(column='local_date') -%}
    {%- if incremental_run() -%}
        where {{ run_days_predicate(column) }}
    {%- endif -%}
{%- endmacro %}

{% macro delete_run_days(column='local_date') -%}
    {%- if incremental_run() -%}
        delete from {{ this }} where {{ run_days_predicate(column) }}
    {%- endif -%}
{%- endmacro %}

{#-
    Instants that can belong to the run's local days in some time zone (UTC-12 to UTC+14): a
    filter early in a model, so it reads a few days of its inputs, not years; the exact days are
    kept by where_run_days at its end.
-#}
{% macro near_run_days(column) -%}
    {%- set days = run_days() if incremental_run() else none -%}
    {%- if days is none -%}
        true
    {%- else -%}
        ({{ column }} >= cast(date '{{ days[0] }}' - interval 2 day as timestamptz)
            and {{ column }} < cast(date '{{ days[1] }}' + interval 3 day as timestamptz))
    {%- endif -%}
{%- endmacro %}
