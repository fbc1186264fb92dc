-- Occupancy is never negative, and a space is in use for 0 to 1 hours of an hour.
select *
from {{ ref('occupancy_hourly') }}
where occupancy_avg < 0
    or occupancy_peak < 0
    or time_used_hours < 0
    or time_used_hours > 1
