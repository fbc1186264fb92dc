{{ stg_v2_counts('omnos') }}
