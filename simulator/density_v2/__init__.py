"""The Density v2 contract (served as Density v2 and as Omnos): endpoints, queries, rendering."""
