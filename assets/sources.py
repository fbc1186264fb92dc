"""Which sources exist and which environment variables each needs (light: no Dagster imports)."""

import os
from collections.abc import Mapping

# For each source, alternative sets of variables; a source runs when one set is complete.
REQUIRED_ENV: dict[str, tuple[tuple[str, ...], ...]] = {
    "density_v2": (("DENSITY_API_TOKEN",),),
    "density_v3": (("DENSITY_API_TOKEN",), ("DENSITY_CLIENT_ID", "DENSITY_CLIENT_SECRET")),
    "omnos": (("OMNOS_API_TOKEN", "OMNOS_BASE_URL"),),
    "occuspace": (("OCCUSPACE_API_TOKEN",),),
}
SOURCE_NAMES = tuple(REQUIRED_ENV)


class UnknownSource(ValueError):
    """A source name that is not one of SOURCE_NAMES."""


def missing_env(source: str, env: Mapping[str, str] | None = None) -> list[str]:
    """The variables still needed by the most complete alternative of `source` ([] when set)."""
    if source not in REQUIRED_ENV:
        raise UnknownSource(f"unknown source {source!r}; choose from {', '.join(SOURCE_NAMES)}")
    env = os.environ if env is None else env
    missing = [
        [name for name in names if not env.get(name, "").strip()] for names in REQUIRED_ENV[source]
    ]
    return min(missing, key=len)


def describe_missing(source: str, env: Mapping[str, str] | None = None) -> str:
    """'X and Y' (or 'X, or Y and Z' when the source accepts alternatives), for one-line errors."""
    alternatives = REQUIRED_ENV[source]
    if len(alternatives) == 1:
        return " and ".join(missing_env(source, env))
    return ", or ".join(" and ".join(names) for names in alternatives)


def configured_sources(env: Mapping[str, str] | None = None) -> list[str]:
    """Sources whose credentials are all present."""
    return [source for source in SOURCE_NAMES if not missing_env(source, env)]
