{{ density_v2_contract_time_segment_groups('omnos') }}
