{{ density_v2_contract_counts('density_v2') }}
