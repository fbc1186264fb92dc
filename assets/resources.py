"""Dagster resources: vendor tokens, resolved from the environment by EnvVar when a run starts."""

import os

from dagster import ConfigurableResource


class ApiToken(ConfigurableResource):
    """A vendor API token; built with EnvVar so its value never appears in config or the UI."""

    value: str


class DensityV3Credentials(ConfigurableResource):
    """Density v3 accepts the static token or OAuth client credentials, and either may be unset;
    an unset EnvVar fails a run, so this holds the variables' names and reads their values only
    when a run starts (never at import, never into config or the UI)."""

    token_env_var: str = "DENSITY_API_TOKEN"
    client_id_env_var: str = "DENSITY_CLIENT_ID"
    client_secret_env_var: str = "DENSITY_CLIENT_SECRET"

    def values(self) -> dict[str, str | None]:
        """token, client_id and client_secret from the environment (None when unset)."""
        names = {
            "token": self.token_env_var,
            "client_id": self.client_id_env_var,
            "client_secret": self.client_secret_env_var,
        }
        return {key: os.environ.get(name) or None for key, name in names.items()}
