{{ density_v2_contract_tags('omnos') }}
