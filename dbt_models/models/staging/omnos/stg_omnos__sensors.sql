{{ stg_v2_sensors('omnos') }}
