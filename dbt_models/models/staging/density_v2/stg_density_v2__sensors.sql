{{ density_v2_contract_sensors('density_v2') }}
