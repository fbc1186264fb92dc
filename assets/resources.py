"""Dagster resources: vendor tokens, resolved from the environment by EnvVar when a run starts."""

from dagster import ConfigurableResource


class ApiToken(ConfigurableResource):
    """A vendor API token; built with EnvVar so its value never appears in config or the UI."""

    value: str
