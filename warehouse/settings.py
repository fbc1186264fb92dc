"""Run-time settings from the environment: where the data lives and how to reach each vendor."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_models"

DEFAULT_DENSITY_V2_BASE_URL = "https://api.density.io/v2"
DEFAULT_DENSITY_V3_BASE_URL = "https://api.density.io/v3"
DEFAULT_OCCUSPACE_BASE_URL = "https://api.occuspace.io/v1"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_LAKE = "data/lake"
DEFAULT_RELOAD_DAYS = 3
DOCUMENTED_V2_REQUESTS_PER_MINUTE = 60
DOCUMENTED_V3_REQUESTS_PER_SECOND = 15
DOCUMENTED_V3_BURST = 100
# Occuspace documents no rate limit: 5 requests a second is a polite default.
DEFAULT_OCCUSPACE_REQUESTS_PER_MINUTE = 300


class SettingsError(ValueError):
    """A setting in the environment is malformed."""


@dataclass(frozen=True)
class Settings:
    """Paths and vendor endpoints; tokens are not here, they travel through Dagster's EnvVar."""

    warehouse_path: Path
    lake_path: Path
    density_v2_base_url: str
    density_v3_base_url: str
    omnos_base_url: str | None
    occuspace_base_url: str
    density_v2_requests_per_minute: int
    density_v3_requests_per_second: int
    density_v3_burst: int
    omnos_requests_per_minute: int
    occuspace_requests_per_minute: int
    reload_days: int

    @property
    def dlt_pipelines_dir(self) -> Path:
        """dlt's working state lives beside the warehouse: one data folder holds all state."""
        return self.warehouse_path.parent / "dlt_pipelines"

    def dbt_env(self) -> dict[str, str]:
        """Environment for a dbt process, so dbt writes the same DuckDB file as dlt."""
        return {"OCCUPANCY_WAREHOUSE": str(self.warehouse_path)}


def _int_setting(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _base_url(env: Mapping[str, str], name: str, default: str | None) -> str | None:
    raw = env.get(name, "").strip() or default
    if raw is None:
        return None
    if not raw.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings at run time (never at import), resolving relative paths against the cwd."""
    env = os.environ if env is None else env
    return Settings(
        warehouse_path=Path(env.get("OCCUPANCY_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve(),
        lake_path=Path(env.get("OCCUPANCY_LAKE") or DEFAULT_LAKE).resolve(),
        density_v2_base_url=_base_url(env, "DENSITY_V2_BASE_URL", DEFAULT_DENSITY_V2_BASE_URL),
        density_v3_base_url=_base_url(env, "DENSITY_V3_BASE_URL", DEFAULT_DENSITY_V3_BASE_URL),
        omnos_base_url=_base_url(env, "OMNOS_BASE_URL", None),
        occuspace_base_url=_base_url(env, "OCCUSPACE_BASE_URL", DEFAULT_OCCUSPACE_BASE_URL),
        density_v2_requests_per_minute=_int_setting(
            env, "DENSITY_V2_REQUESTS_PER_MINUTE", DOCUMENTED_V2_REQUESTS_PER_MINUTE
        ),
        density_v3_requests_per_second=_int_setting(
            env, "DENSITY_V3_REQUESTS_PER_SECOND", DOCUMENTED_V3_REQUESTS_PER_SECOND
        ),
        density_v3_burst=_int_setting(env, "DENSITY_V3_BURST", DOCUMENTED_V3_BURST),
        omnos_requests_per_minute=_int_setting(
            env, "OMNOS_REQUESTS_PER_MINUTE", DOCUMENTED_V2_REQUESTS_PER_MINUTE
        ),
        occuspace_requests_per_minute=_int_setting(
            env, "OCCUSPACE_REQUESTS_PER_MINUTE", DEFAULT_OCCUSPACE_REQUESTS_PER_MINUTE
        ),
        reload_days=_int_setting(env, "OCCUPANCY_RELOAD_DAYS", DEFAULT_RELOAD_DAYS, minimum=0),
    )
