{{ stg_v2_doorways('omnos') }}
