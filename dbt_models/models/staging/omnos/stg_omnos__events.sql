{{ stg_v2_events('omnos') }}
