-- Occupancy is never negative, and a space is in use for 0 to 1 hours of an hour.
-- meta.description: what Dagster shows on the check (in the SQL: partial parsing can drop a
-- singular test's yml properties).
{{ config(meta={'description': 'Occupancy is never negative and a space is in use for 0 to 1'
    ' hours of an hour: a count read with the wrong sign or an hour counted twice fails it.'}) }}
select *
from {{ ref('occupancy_hourly') }}
where occupancy_avg < 0
    or occupancy_peak < 0
    or time_used_hours < 0
    or time_used_hours > 1
