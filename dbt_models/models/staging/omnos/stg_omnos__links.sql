{{ density_v2_contract_links('omnos') }}
