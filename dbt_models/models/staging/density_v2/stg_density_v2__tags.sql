{{ stg_v2_tags('density_v2') }}
