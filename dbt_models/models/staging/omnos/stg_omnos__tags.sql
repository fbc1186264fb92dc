{{ stg_v2_tags('omnos') }}
