"""A deterministic fake of four vendor APIs (Density v2 and v3, Omnos, Occuspace) on loopback.

`world/` is the seeded synthetic world (portfolios, people, events, time, ids); `density_v2/` the
v2 contract, mounted twice (Density v2 and Omnos); `density_v3/` the v3 API over the same world;
`occuspace/` Occuspace's own account of locations; `http/` what every mount shares (the ASGI
shell, faults, rate limits, request log). `app.py` mounts them, `config.py` says what they serve,
`server.py` runs them.
"""
