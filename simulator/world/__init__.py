"""The shared synthetic world: portfolio layout, people, model dataclasses, time, ids, the World."""
