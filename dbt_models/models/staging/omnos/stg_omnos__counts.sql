{{ density_v2_contract_counts('omnos') }}
