"""A deterministic fake of the vendor APIs (Density v2, Omnos), served over loopback HTTP."""
