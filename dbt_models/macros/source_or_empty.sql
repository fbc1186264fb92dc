{#-
    The one way staging reads a raw table: `columns` maps each raw column to its type in the raw
    contract, and the result has exactly those columns, with those types, in that order.

    A vendor without credentials has no raw tables at all (its schema may not exist): then this
    selects zero rows with the same columns and types, so staging and everything downstream still
    build. dlt creates a column only once it has loaded a value for it: a column the table does not
    have yet reads as null, with a warning.

    source() is called whether or not the table exists, so the model keeps its lineage to the
    source in the manifest (Dagster builds its asset graph from it).
-#}
{% macro source_or_empty(source_name, table_name, columns) %}
    {%- set source_relation = source(source_name, table_name) -%}
    {%- set raw_relation = none -%}
    {%- set present_columns = [] -%}
    {%- if execute -%}
        {%- set raw_relation = adapter.get_relation(
            database=source_relation.database,
            schema=source_relation.schema,
            identifier=source_relation.identifier,
        ) -%}
        {%- if raw_relation is not none -%}
            {%- for column in adapter.get_columns_in_relation(raw_relation) -%}
                {%- do present_columns.append(column.name | lower) -%}
            {%- endfor -%}
            {%- for column_name in columns if column_name not in present_columns -%}
                {%- do exceptions.warn(
                    source_relation ~ " has no column " ~ column_name ~ " yet: reading it as null"
                ) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif %}
    select
    {%- for column_name, data_type in columns.items() %}
        {% if column_name in present_columns -%}
            cast({{ adapter.quote(column_name) }} as {{ data_type }})
        {%- else -%}
            cast(null as {{ data_type }})
        {%- endif %} as {{ adapter.quote(column_name) }}{{ "," if not loop.last }}
    {%- endfor %}
    {% if raw_relation is not none -%}
    from {{ source_relation }}
    {%- else -%}
    where false
    {%- endif %}
{% endmacro %}
