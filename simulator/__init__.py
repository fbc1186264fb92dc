"""A deterministic fake of the vendor APIs (Density v2 and v3, Omnos, Occuspace) on loopback HTTP."""
