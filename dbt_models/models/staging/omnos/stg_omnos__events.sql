{{ density_v2_contract_events('omnos') }}
