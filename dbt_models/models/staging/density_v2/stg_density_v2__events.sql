{{ stg_v2_events('density_v2') }}
