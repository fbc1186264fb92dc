{{ stg_v2_time_segments('density_v2') }}
