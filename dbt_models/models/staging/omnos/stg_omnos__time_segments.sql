{{ density_v2_contract_time_segments('omnos') }}
