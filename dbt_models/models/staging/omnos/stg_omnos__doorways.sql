{{ density_v2_contract_doorways('omnos') }}
