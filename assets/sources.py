"""Which sources exist and which environment variables each needs (light: no Dagster imports)."""

from __future__ import annotations

import os
from collections.abc import Mapping

# The environment variables a source cannot run without (tokens are read by EnvVar at run time).
REQUIRED_ENV: dict[str, tuple[str, ...]] = {
    "density_v2": ("DENSITY_API_TOKEN",),
    "omnos": ("OMNOS_API_TOKEN", "OMNOS_BASE_URL"),
}
SOURCE_NAMES = tuple(REQUIRED_ENV)


class UnknownSource(ValueError):
    """A source name that is not one of SOURCE_NAMES."""


def missing_env(source: str, env: Mapping[str, str] | None = None) -> list[str]:
    """The required variables of `source` that are unset or empty."""
    if source not in REQUIRED_ENV:
        raise UnknownSource(f"unknown source {source!r}; choose from {', '.join(SOURCE_NAMES)}")
    env = os.environ if env is None else env
    return [name for name in REQUIRED_ENV[source] if not env.get(name, "").strip()]


def configured_sources(env: Mapping[str, str] | None = None) -> list[str]:
    """Sources whose credentials are all present."""
    return [source for source in SOURCE_NAMES if not missing_env(source, env)]
