{{ density_v2_contract_tags('density_v2') }}
