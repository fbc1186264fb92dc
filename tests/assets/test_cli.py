"""Command-line validation: bad input exits 2 with one line naming the problem, runs nothing."""

import re

import pytest

from assets.cli import main
from assets.resources import SettingsError, Warehouse, resources_from_env

CREDENTIALS = ("DENSITY_API_TOKEN", "OMNOS_API_TOKEN", "OMNOS_BASE_URL")


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(tmp_path / "w.duckdb"))
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--start", "2026-13-01", "--end", "2026-01-02"], "--start '2026-13-01' is not a date"),
        (["--start", "2026-01-05", "--end", "01/02/2026"], "--end '01/02/2026' is not a date"),
        (["--start", "2026-01-05", "--end", "2026-01-01"], "end date 2026-01-01 is before start"),
        (["--start", "2019-01-01", "--end", "2019-01-02"], "before the first partition"),
        (["--start", "2026-01-01", "--end", "2999-01-01"], "is not a complete day yet"),
        (
            ["--start", "2026-01-01", "--end", "2026-01-02", "--source", "density_v9"],
            "unknown source 'density_v9'",
        ),
        (
            ["--start", "2026-01-01", "--end", "2026-01-02", "--source", "omnos"],
            "omnos needs OMNOS_API_TOKEN and OMNOS_BASE_URL",
        ),
        (["--start", "2026-01-01", "--end", "2026-01-02"], "no source has credentials"),
    ],
)
def test_bad_backfill_input_is_one_line_and_writes_nothing(no_credentials, capsys, argv, message):
    assert main(["backfill", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and err.startswith("occupancy-elt: error: ")
    assert list(no_credentials.iterdir()) == []


def test_a_token_without_its_base_url_is_still_missing_credentials(
    no_credentials, monkeypatch, capsys
):
    monkeypatch.setenv("OMNOS_API_TOKEN", "tok_x")
    assert (
        main(["backfill", "--start", "2026-01-01", "--end", "2026-01-01", "--source", "omnos"]) == 2
    )
    assert "omnos needs OMNOS_BASE_URL" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DENSITY_V2_REQUESTS_PER_MINUTE", "fast", "must be a whole number"),
        ("OMNOS_REQUESTS_PER_MINUTE", "0", "must be at least 1"),
        ("OCCUPANCY_RELOAD_DAYS", "-1", "must be at least 0"),
        ("DENSITY_V2_BASE_URL", "api.density.io/v2", "must be an http(s) URL"),
    ],
)
def test_malformed_settings_are_named(name, value, message):
    with pytest.raises(SettingsError, match=re.escape(message)) as error:
        resources_from_env({name: value})
    assert name in str(error.value)


def test_settings_defaults_are_the_documented_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    resources = resources_from_env({})
    warehouse: Warehouse = resources["warehouse"]
    assert warehouse.warehouse_path == tmp_path / "data" / "warehouse.duckdb"
    assert warehouse.reload_days == 3
    assert resources["density_v2"].base_url == "https://api.density.io/v2"
    assert resources["omnos"].base_url is None
    assert (resources["density_v2"].rate_per_second, resources["density_v2"].burst) == (1.0, 60)
    assert (resources["density_v3"].rate_per_second, resources["density_v3"].burst) == (15, 100)
    assert warehouse.reload is False


def test_reload_fetches_every_day_and_keeps_the_other_settings(monkeypatch, tmp_path):
    from assets.cli.backfill import with_reload

    resources = resources_from_env({"OCCUPANCY_WAREHOUSE": str(tmp_path / "w.duckdb")})
    reloading = with_reload(resources)
    assert reloading["warehouse"].reload is True
    assert reloading["warehouse"].warehouse_path == tmp_path / "w.duckdb"
    assert reloading["warehouse"].reload_days == resources["warehouse"].reload_days
    assert resources["warehouse"].reload is False


@pytest.mark.slow
def test_backfill_then_sql_then_a_vendor_error_in_one_line(env, sim, capsys, monkeypatch):
    from tests.fixtures.env import last_days

    env.export_for_cli(monkeypatch, sim)
    first, last = last_days(sim, 1)
    day = ["--start", first.isoformat(), "--end", last.isoformat()]
    assert main(["backfill", *day, "--source", "omnos"]) == 0
    assert (
        main(["sql", "select count(distinct space_key) as spaces from marts.occupancy_daily"]) == 0
    )
    out = capsys.readouterr().out
    assert "spaces" in out and " 9 " in out  # the nine Omnos spaces, and no Density space

    assert main(["sql", "drop table marts.spaces"]) == 2  # read-only
    assert "read-only" in capsys.readouterr().err

    env.export_for_cli(monkeypatch, sim, omnos_token="tok_wrong")
    assert main(["backfill", *day, "--source", "omnos"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "Omnos rejected the API token" in err and "check OMNOS_API_TOKEN" in err
    assert main(["sql", "select count(*) from marts.spaces"]) == 0  # earlier loads are intact
