{{ density_v2_contract_spaces('omnos') }}
