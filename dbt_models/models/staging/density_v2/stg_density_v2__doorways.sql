{{ stg_v2_doorways('density_v2') }}
