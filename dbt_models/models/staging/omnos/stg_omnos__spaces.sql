{{ stg_v2_spaces('omnos') }}
