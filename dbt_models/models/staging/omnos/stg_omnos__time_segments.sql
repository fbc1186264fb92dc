{{ stg_v2_time_segments('omnos') }}
