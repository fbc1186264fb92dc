"""The one list of vendors: how each is reached and what it lands. Nothing else spells the list.

A row names the dlt sources (facts for local days, live snapshots), the credentials it accepts
(alternatives, in order of preference), its base URL and its documented pacing. The Dagster
resources, assets, jobs, CLI and lake are built from these rows, so a vendor is its folder under
`pipelines/`, one row here, and its dbt models.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipelines import density_v2, density_v3, occuspace
from pipelines.density_v2 import settings as density_v2_settings
from pipelines.density_v3 import settings as density_v3_settings
from pipelines.occuspace import settings as occuspace_settings


@dataclass(frozen=True)
class Pacing:
    """A documented rate limit: `rate` requests per second sustained, `burst` at once.

    A per-minute limit of N is rate N/60 with burst N (N in any rolling minute). `rate_variable`
    overrides it: per minute when `burst_variable` is empty (setting both), else per second.
    """

    rate: float
    burst: int
    rate_variable: str
    burst_variable: str = ""


@dataclass(frozen=True)
class Vendor:
    """One vendor API: `name` is its dlt source, raw schema, dbt source and Dagster key prefix."""

    name: str
    label: str
    source: Callable[..., Any]
    credentials: tuple[Mapping[str, str], ...]
    base_url_variable: str
    default_base_url: str | None
    pacing: Pacing
    snapshot_source: Callable[..., Any] | None = None
    oauth_token_path: str = ""  # where client credentials are exchanged, for OAuth vendors
    description: str = field(default="", compare=False)

    @property
    def credential_variables(self) -> tuple[str, ...]:
        """Every environment variable that may hold one of its credentials."""
        return tuple(name for option in self.credentials for name in option.values())


DENSITY_TOKEN = {"token": "DENSITY_API_TOKEN"}

VENDORS: tuple[Vendor, ...] = (
    Vendor(
        name="density_v2",
        label="Density v2",
        source=density_v2.density_v2_source,
        credentials=(DENSITY_TOKEN,),
        base_url_variable="DENSITY_V2_BASE_URL",
        default_base_url=density_v2_settings.DEFAULT_BASE_URL,
        pacing=Pacing(1.0, 60, "DENSITY_V2_REQUESTS_PER_MINUTE"),
        description="Density v2 raw tables: dimension snapshots; hourly counts and events per "
        "space and local day.",
    ),
    Vendor(
        name="density_v3",
        label="Density v3",
        source=density_v3.density_v3_source,
        credentials=(
            {"client_id": "DENSITY_CLIENT_ID", "client_secret": "DENSITY_CLIENT_SECRET"},
            DENSITY_TOKEN,
        ),
        base_url_variable="DENSITY_V3_BASE_URL",
        default_base_url=density_v3_settings.DEFAULT_BASE_URL,
        pacing=Pacing(
            density_v3_settings.DOCUMENTED_REQUESTS_PER_SECOND,
            density_v3_settings.DOCUMENTED_BURST,
            "DENSITY_V3_REQUESTS_PER_SECOND",
            "DENSITY_V3_BURST",
        ),
        snapshot_source=density_v3.density_v3_snapshots_source,
        oauth_token_path=density_v3_settings.TOKEN_PATH,
        description="Density v3 raw tables: spaces, doorways, labels, sensors; hourly metrics "
        "per space and local day, raw sessions, sensor health changes, floor data status.",
    ),
    Vendor(
        name="omnos",
        label="Omnos",
        source=density_v2.omnos_source,
        credentials=({"token": "OMNOS_API_TOKEN"},),
        base_url_variable="OMNOS_BASE_URL",
        default_base_url=None,
        pacing=Pacing(1.0, 60, "OMNOS_REQUESTS_PER_MINUTE"),
        description="Omnos raw tables: the Density v2 shapes for the customer's portfolio, "
        "same grains.",
    ),
    Vendor(
        name="occuspace",
        label="Occuspace",
        source=occuspace.occuspace_source,
        credentials=({"token": "OCCUSPACE_API_TOKEN"},),
        base_url_variable="OCCUSPACE_BASE_URL",
        default_base_url=occuspace_settings.DEFAULT_BASE_URL,
        pacing=Pacing(
            occuspace_settings.DEFAULT_REQUESTS_PER_MINUTE / 60,
            occuspace_settings.DEFAULT_REQUESTS_PER_MINUTE,
            "OCCUSPACE_REQUESTS_PER_MINUTE",
        ),
        snapshot_source=occuspace.occuspace_snapshots_source,
        description="Occuspace raw tables: locations; daily and hourly occupancy, visitors and "
        "dwell per location and local day; one outcome row per request.",
    ),
)
SOURCE_NAMES: tuple[str, ...] = tuple(vendor.name for vendor in VENDORS)
_BY_NAME = {vendor.name: vendor for vendor in VENDORS}


class UnknownSource(ValueError):
    """A source name that is not a registered vendor."""


def vendor(name: str) -> Vendor:
    """The registered vendor called `name`."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownSource(
            f"unknown source {name!r}; choose from {', '.join(SOURCE_NAMES)}"
        ) from None
