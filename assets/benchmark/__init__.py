"""The benchmark behind `occupancy-elt bench`: the project's run, its peers, and their figures."""
