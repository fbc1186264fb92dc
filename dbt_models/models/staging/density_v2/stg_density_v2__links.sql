{{ density_v2_contract_links('density_v2') }}
