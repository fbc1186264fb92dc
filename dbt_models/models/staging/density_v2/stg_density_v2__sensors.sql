{{ stg_v2_sensors('density_v2') }}
