{{ density_v2_contract_sensors('omnos') }}
