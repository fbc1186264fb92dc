"""The simulator's settings: seed, simulated now, tokens and rate limits (documented defaults)."""

from dataclasses import dataclass, field
from datetime import datetime

from simulator.dialect import Dialect
from simulator.occuspace.locations import ATHLETICS_ID
from simulator.world.world import DEFAULT_NOW


@dataclass
class SimulatorConfig:
    """What a simulator instance serves; raise the rate limits for fast tests and demos."""

    seed: int = 7
    now: datetime = DEFAULT_NOW
    density_tokens: frozenset[str] = field(default_factory=lambda: frozenset({"tok_density_demo"}))
    omnos_tokens: frozenset[str] = field(default_factory=lambda: frozenset({"tok_omnos_demo"}))
    occuspace_tokens: frozenset[str] = field(
        default_factory=lambda: frozenset({"tok_occuspace_demo"})
    )
    # Per token, the locations it sees in /locations but may not read (their data answers 401).
    occuspace_unreadable: dict[str, frozenset[int]] = field(
        default_factory=lambda: {"tok_occuspace_demo": frozenset({ATHLETICS_ID})}
    )
    # A generated portfolio of this many spaces for Density v2 and Omnos (None: the fixed ones).
    spaces: int | None = None
    density_v2_rate_limit: int = 60
    omnos_rate_limit: int = 60
    rate_limit_window_seconds: float = 60.0
    # Density v3: OAuth clients {client_id: secret}, tokens that authenticate but may not use v3
    # (403), access-token lifetime, and the edge limit per client address (rate/s with a burst).
    density_v3_clients: dict[str, str] = field(
        default_factory=lambda: {"cli_density_demo": "sec_density_demo"}
    )
    density_v3_denied_tokens: frozenset[str] = field(
        default_factory=lambda: frozenset({"tok_density_no_api"})
    )
    density_v3_token_seconds: float = 3600.0
    density_v3_rate_per_second: float = 15.0
    density_v3_burst: int = 100
    # The reading of each point the vendor docs leave open (simulator/dialect.py).
    dialect: Dialect = field(default_factory=Dialect)
