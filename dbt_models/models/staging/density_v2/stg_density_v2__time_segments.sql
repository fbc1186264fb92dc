{{ density_v2_contract_time_segments('density_v2') }}
