"""The simulator's settings: seed, simulated now, tokens and rate limits (documented defaults)."""

from dataclasses import dataclass, field
from datetime import datetime

from simulator.world import DEFAULT_NOW


@dataclass
class SimulatorConfig:
    """What a simulator instance serves; raise the rate limits for fast tests and demos."""

    seed: int = 7
    now: datetime = DEFAULT_NOW
    density_tokens: frozenset[str] = field(default_factory=lambda: frozenset({"tok_density_demo"}))
    omnos_tokens: frozenset[str] = field(default_factory=lambda: frozenset({"tok_omnos_demo"}))
    density_v2_rate_limit: int = 60
    omnos_rate_limit: int = 60
    rate_limit_window_seconds: float = 60.0
