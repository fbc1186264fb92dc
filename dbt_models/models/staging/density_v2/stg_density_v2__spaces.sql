{{ density_v2_contract_spaces('density_v2') }}
