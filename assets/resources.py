"""Dagster resources: the warehouse paths and one connection per vendor, the only configuration.

`resources_from_env` is the one place that reads the environment: it turns the documented
variables into resources when the definitions load (secrets as `EnvVar`, resolved only when a
run starts, never shown in the UI). The demo and the tests build the same resources directly.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import dlt
from dagster import ConfigurableResource, EnvVar
from pydantic import ValidationInfo, field_validator

from pipelines.http import (
    BearerToken,
    ClientCredentials,
    RateLimiter,
    TokenRejected,
    VendorClient,
)
from pipelines.http.ratelimit import SharedRateLimiter, state_file
from pipelines.vendors import VENDORS, Vendor, vendor
from warehouse.destination import LockedConnection, connect_read_only, raw_pipeline
from warehouse.paths import DEFAULT_LAKE, DEFAULT_WAREHOUSE, pacing_dir

DEFAULT_RELOAD_DAYS = 3


class SettingsError(ValueError):
    """A setting in the environment is malformed."""


def _loopback(host: str) -> bool:
    """Whether `host` is this machine, where plain http cannot be read on the wire."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, name: str) -> str:
    """`url` if a credential may be sent there: https, or plain http only to this machine (the
    simulator); never credentials, a query or a fragment in it (they would reach logs)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise SettingsError(f"{name} must be an http(s) URL, got {url!r}") from None
    if parts.username or parts.password or parts.query or parts.fragment:
        # the URL is not echoed: what it carries may be a secret
        raise SettingsError(f"{name} must not carry credentials, a query or a fragment")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{name} must be an http(s) URL, got {url!r}")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise SettingsError(
            f"{name} must be https (plain http is allowed only to localhost), got {url!r}"
        )
    return url


class Warehouse(ConfigurableResource):
    """Where the data lives (the DuckDB file, the Parquet lake, dlt's state beside them), how
    many trailing days the vendors may still restate, and whether a run fetches every day of its
    range again (`reload`) instead of only those not held or not settled (assets/fetch_days.py).
    Relative paths resolve at run time."""

    path: str = DEFAULT_WAREHOUSE
    lake: str = DEFAULT_LAKE
    reload_days: int = DEFAULT_RELOAD_DAYS
    reload: bool = False

    @property
    def warehouse_path(self) -> Path:
        return Path(self.path).resolve()

    @property
    def lake_path(self) -> Path:
        # absolute, not resolved: the lake is a symlink to its current version (warehouse/lake.py)
        return Path(os.path.abspath(self.lake))

    def raw_pipeline(self, source_name: str, purpose: str = "") -> dlt.Pipeline:
        """The dlt pipeline landing `source_name` in its raw schema of this warehouse."""
        return raw_pipeline(source_name, self.warehouse_path, purpose)

    @property
    def pacing_path(self) -> Path:
        """Where runs on this warehouse share each credential's rate limit (warehouse/paths)."""
        return pacing_dir(self.warehouse_path)

    def connect_read_only(self) -> LockedConnection:
        return connect_read_only(self.warehouse_path)


class VendorConnection(ConfigurableResource):
    """How to reach one registered vendor: base URL, credentials (one of the vendor's
    alternatives; unset means the vendor is skipped) and the pacing its client keeps."""

    vendor: str
    base_url: str | None = None
    token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    rate_per_second: float
    burst: int
    # The vendor's "now" as an ISO-8601 UTC instant: unset for real vendors (their present is
    # the clock's); the simulator's fixed present, so days after it are refused, not loaded empty.
    present: str | None = None

    @field_validator("present")
    @classmethod
    def _instant(cls, text: str | None) -> str | None:
        return text and parse_instant(text, "OCCUPANCY_PRESENT").isoformat()

    @field_validator("base_url")
    @classmethod
    def _safe_base_url(cls, url: str | None, info: ValidationInfo) -> str | None:
        """Refused when the resource is built, so no token is ever sent over plain http."""
        return url and check_base_url(url, f"{info.data.get('vendor')} base_url")

    @property
    def spec(self) -> Vendor:
        return vendor(self.vendor)

    def _chosen(self) -> Mapping[str, str] | None:
        """The first credential alternative whose every field is set."""
        values = {
            "token": self.token,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        for option in self.spec.credentials:
            if all(values[field] for field in option):
                return option
        return None

    def now(self) -> datetime:
        """The vendor's present: the configured one (the simulator's), else the clock's."""
        return parse_instant(self.present, "present") if self.present else datetime.now(UTC)

    def missing(self) -> str | None:
        """What must still be set before this vendor can run, in one phrase, or None."""
        spec = self.spec
        needs = []
        if self._chosen() is None:
            needs.append(", or ".join(" and ".join(o.values()) for o in spec.credentials))
        if not self.base_url:
            needs.append(spec.base_url_variable)
        return " and ".join(needs) or None

    @contextmanager
    def client(self, pacing_dir: Path | None = None) -> Iterator[VendorClient]:
        """A client for this vendor; a refused credential names the variables to check. With
        `pacing_dir`, its pacing is shared with every process pacing the same credential there."""
        spec, option = self.spec, self._chosen()
        if option is None or not self.base_url:
            raise SettingsError(f"{self.vendor} needs {self.missing()}")
        if "client_id" in option:
            auth = ClientCredentials(
                token_url=self.base_url.rstrip("/") + spec.oauth_token_path,
                client_id=self.client_id,
                client_secret=self.client_secret,
            )
        else:
            auth = BearerToken(self.token)
        limiter = RateLimiter(self.burst, self.burst / self.rate_per_second)
        if pacing_dir is not None:
            quota = f"{self.vendor} {self.base_url} {self.token or self.client_id}"
            shared = state_file(pacing_dir, quota)
            limiter = SharedRateLimiter(limiter.max_requests, limiter.period_seconds, shared)
        client = VendorClient(vendor=spec.label, base_url=self.base_url, auth=auth, limiter=limiter)
        try:
            with client:
                yield client
        except Exception as exc:
            refused = _root(exc, TokenRejected)
            if refused is None:
                raise
            raise TokenRejected(
                f"{str(refused).rstrip('.')}; check {' and '.join(option.values())}.",
                vendor=refused.vendor,
                status=refused.status,
                method=refused.method,
                path=refused.path,
            ) from exc


def parse_instant(text: str, name: str) -> datetime:
    """`text` (ISO-8601, UTC when it names no offset) as an aware UTC instant."""
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SettingsError(f"{name} must be an ISO-8601 instant, got {text!r}") from None
    return (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).astimezone(UTC)


def _root(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of `kind` in the chain of causes and contexts below `exc`."""
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        if isinstance(node, kind):
            return node
        seen.add(id(node))
        node = node.__cause__ or node.__context__
    return None


def _int(env: Mapping[str, str], name: str, minimum: int = 1) -> int | None:
    """The whole number in `name`, or None when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _base_url(env: Mapping[str, str], spec: Vendor) -> str | None:
    raw = env.get(spec.base_url_variable, "").strip() or spec.default_base_url
    return check_base_url(raw, spec.base_url_variable).rstrip("/") if raw else None


def _present(env: Mapping[str, str]) -> str | None:
    """OCCUPANCY_PRESENT (the simulator's fixed now) as a UTC ISO instant, or None when unset."""
    raw = env.get("OCCUPANCY_PRESENT", "").strip()
    return parse_instant(raw, "OCCUPANCY_PRESENT").isoformat() if raw else None


def connection_from_env(spec: Vendor, env: Mapping[str, str]) -> VendorConnection:
    """A vendor's connection from the documented variables; secrets stay `EnvVar`s."""
    pacing = spec.pacing
    rate, burst = pacing.rate, pacing.burst
    if pacing.burst_variable:
        rate = _int(env, pacing.rate_variable) or rate
        burst = _int(env, pacing.burst_variable) or burst
    elif (per_minute := _int(env, pacing.rate_variable)) is not None:
        rate, burst = per_minute / 60, per_minute
    secrets = {
        field: EnvVar(name)
        for option in spec.credentials
        for field, name in option.items()
        if env.get(name, "").strip()
    }
    return VendorConnection(
        vendor=spec.name,
        base_url=_base_url(env, spec),
        rate_per_second=rate,
        burst=burst,
        present=_present(env),
        **secrets,
    )


def resources_from_env(env: Mapping[str, str]) -> dict[str, ConfigurableResource]:
    """The warehouse and every vendor connection, from the documented environment variables."""
    reload_days = _int(env, "OCCUPANCY_RELOAD_DAYS", minimum=0)
    warehouse = Warehouse(
        path=env.get("OCCUPANCY_WAREHOUSE") or DEFAULT_WAREHOUSE,
        lake=env.get("OCCUPANCY_LAKE") or DEFAULT_LAKE,
        reload_days=DEFAULT_RELOAD_DAYS if reload_days is None else reload_days,
    )
    return {"warehouse": warehouse, **{v.name: connection_from_env(v, env) for v in VENDORS}}
