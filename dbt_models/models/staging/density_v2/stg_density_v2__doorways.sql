{{ density_v2_contract_doorways('density_v2') }}
