{# Whether a raw session of the same space overlaps the metrics hour: one definition for the
   missing_sessions flag and the sessions tripwire. An unsettled session (no end) runs on. #}
{% macro session_overlaps_hour(sessions, metrics) %}
    exists (
        select 1
        from {{ sessions }}
        where {{ sessions }}.space_id = {{ metrics }}.space_id
            and {{ sessions }}.session_start_utc < {{ metrics }}.bucket_start_utc + interval 1 hour
            and coalesce({{ sessions }}.session_end_utc, 'infinity'::timestamptz)
                > {{ metrics }}.bucket_start_utc
    )
{% endmacro %}
