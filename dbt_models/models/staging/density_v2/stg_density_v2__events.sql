{{ density_v2_contract_events('density_v2') }}
