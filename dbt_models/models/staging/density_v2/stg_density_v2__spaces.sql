{{ stg_v2_spaces('density_v2') }}
