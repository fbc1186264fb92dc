{{ stg_v2_counts('density_v2') }}
