"""Hostile input from the user (arguments, settings) is refused in one line with exit 2 before
anything is written or sent; hostile text from a vendor is stored and exported as plain data."""

from datetime import UTC, datetime, timedelta

import pytest
import respx
from pydantic import ValidationError

from assets.cli import main
from assets.resources import SettingsError, VendorConnection, resources_from_env
from tests.fixtures.env import VENDOR_ENV

LAST_COMPLETE = datetime.now(UTC).date() - timedelta(days=1)
DAY = ["--start", "2026-01-01", "--end", "2026-01-02"]


@pytest.fixture
def data_dir(monkeypatch, tmp_path):
    """A data folder that must never appear, and a configured vendor so day checks are reached."""
    for name in VENDOR_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(data / "warehouse.duckdb"))
    monkeypatch.setenv("OCCUPANCY_LAKE", str(data / "lake"))
    monkeypatch.setenv("DENSITY_API_TOKEN", "tok_never_sent")
    return data


def refused(argv: list[str], capsys, data_dir) -> str:
    """The one stderr line of a refused command, after checking nothing was written."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("occupancy-elt: error: ")
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n")
    assert "\u202e" not in captured.err and "\x1b" not in captured.err  # escaped, not obeyed
    assert not data_dir.exists()
    return captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["backfill", "--start", "2025-02-30", "--end", "2025-03-01"],
            "'2025-02-30' is not a date",
        ),
        (
            ["backfill", "--start", "0001-01-01", "--end", "2022-01-02"],
            "before the first partition",
        ),
        (["backfill", "--start", "2026-01-01", "--end", "9999-12-31"], "not a complete day yet"),
        (
            ["backfill", "--start", "2005-01-01", "--end", "2025-01-01"],
            "before the first partition",
        ),
        (["backfill", "--start", "2022-01-01", "--end", "2024-12-31"], "at most 366"),
        (["backfill", "--start", "20260101", "--end", "2026-01-02"], "is not a date"),
        (["backfill", "--start", "2026-W01-1", "--end", "2026-01-02"], "is not a date"),
        (["backfill", "--start", "２０２６-０１-０１", "--end", "2026-01-02"], "is not a date"),
        (["backfill", *DAY, "--source", "omnos; rm -rf / #"], "unknown source 'omnos; rm -rf / #'"),
        (["backfill", *DAY, "--source", "$(touch pwned)`id`"], "unknown source"),
        (["backfill", *DAY, "--source", "density_v2\nINFO ok"], r"'density_v2\nINFO ok'"),
        (["backfill", *DAY, "--source", "\u202eevil\x1b[31m"], r"\u202eevil\x1b[31m"),
        (["backfill", *DAY, "--log-level", "LOUD"], "invalid choice: 'LOUD'"),
        (["backfill", "--start", "2026-01-01"], "the following arguments are required: --end"),
        (["demo", "--days", "0"], "--days must be between 1 and 366, got 0"),
        (["demo", "--days", "100000"], "--days must be between 1 and 366"),
        (["demo", "--days", "3; ls"], "invalid int value: '3; ls'"),
        (["simulator", "--port", "70000"], "--port must be between 1 and 65535"),
        (["simulator", "--seed", "-1"], "--seed must be between"),
        (["simulator", "--rate-limit", "0"], "--rate-limit must be between"),
        (["simulator", "--now", "0001-01-01T00:00:00Z"], "is outside 2022-01-01..2100-01-01"),
        (["simulator", "--now", "9999-12-31T23:59:59Z"], "is outside"),
        (["simulator", "--now", "yesterday"], "--now 'yesterday' is not an ISO-8601 instant"),
        (["sql", "select 1", "--max-rows", "0"], "--max-rows must be between"),
        (["vacuum"], "invalid choice: 'vacuum'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_hostile_arguments_are_one_line_exit_2_and_write_nothing(data_dir, capsys, argv, message):
    assert message in refused(argv, capsys, data_dir)


def test_a_very_long_argument_is_cut_short_in_the_message(data_dir, capsys):
    err = refused(["backfill", *DAY, "--source", "x" * 10_000], capsys, data_dir)
    assert "unknown source 'xxx" in err and len(err) < 300


@pytest.mark.parametrize(
    "url",
    ["http://example.com/v2", "http://api.density.io:80/v2", "http://10.0.0.1/v2", "ftp://x/v2"],
)
def test_a_token_is_never_configured_for_plain_http_beyond_this_machine(data_dir, capsys, url):
    with respx.mock(assert_all_called=False) as vendor:
        route = vendor.route()
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setenv("DENSITY_V2_BASE_URL", url)
            err = refused(["backfill", *DAY, "--source", "density_v2"], capsys, data_dir)
    assert "DENSITY_V2_BASE_URL must be" in err
    assert not route.called  # refused while reading the settings, before any client exists
    with pytest.raises(ValidationError, match="density_v2 base_url must be"):
        VendorConnection(vendor="density_v2", base_url=url, token="t", rate_per_second=1, burst=1)


@pytest.mark.parametrize(
    "url", ["https://user:s3cr3t@api.density.io/v2", "https://api.density.io/v2?token=s3cr3t"]
)
def test_a_base_url_carrying_a_secret_is_refused_without_echoing_it(url):
    with pytest.raises(SettingsError, match="must not carry credentials") as error:
        resources_from_env({"DENSITY_V2_BASE_URL": url})
    assert "s3cr3t" not in str(error.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765/v2", "http://localhost:9/x", "http://[::1]:8080/", "https://a.b"]
)
def test_loopback_http_and_any_https_are_accepted(url):
    connection = VendorConnection(
        vendor="omnos", base_url=url, token="t", rate_per_second=1, burst=1
    )
    assert connection.base_url == url
    assert resources_from_env({"OMNOS_BASE_URL": url})["omnos"].base_url == url.rstrip("/")


# What a hostile or broken vendor may put in names and ids: SQL and shell syntax, path parts,
# bidi overrides, astral characters, NUL, a number beyond 64 bits (as text), 10k characters.
NASTY = "O'Brien\"; drop table density_v2.spaces; -- ☃ 𝄞 \u202e $(rm -rf /) `id` ../../etc/passwd"
HUGE = str(2**64 + 7)
SPACES = [
    {"id": "spc_'; drop table x; --", "name": NASTY, "description": "é" * 10_000, "notes": "\x00"},
    {"id": HUGE, "name": "🏢" * 10_000, "description": None, "notes": "a\nb\r\n", "extra": NASTY},
]
SENSORS = [{"serial_number": HUGE, "doorway_name": NASTY, "firmware_version": "1'2\"3"}]


def stored(rows: list[dict], columns: tuple[str, ...]) -> list[tuple]:
    """`rows` as the table should hold them, ordered by their first column."""
    return sorted(tuple(row.get(column) for column in columns) for row in rows)


@pytest.mark.slow
def test_hostile_vendor_text_is_stored_and_exported_as_data(tmp_path):
    import pyarrow.parquet as pq

    from pipelines.density_v2 import density_v2_source
    from tests.fixtures.http import BASE, make_client
    from tests.fixtures.warehouse import query, run_source
    from warehouse.lake import connect_lake, export_lake

    warehouse, lake = tmp_path / "data" / "warehouse.duckdb", tmp_path / "data" / "lake"
    with respx.mock(base_url=BASE) as vendor:
        vendor.get("/spaces/").respond(json={"next": None, "results": SPACES})
        vendor.get("/sensors/").respond(json={"next": None, "results": SENSORS})
        client, _ = make_client()
        with client:
            source = density_v2_source(client=client).with_resources("spaces", "sensors")
            run_source(warehouse, "density_v2", source)

    space_columns = ("id", "name", "description", "notes", "extra")
    sensor_columns = ("serial_number", "doorway_name", "firmware_version")
    spaces_sql = f"select {', '.join(space_columns)} from density_v2.spaces order by id"
    sensors_sql = f"select {', '.join(sensor_columns)} from density_v2.sensors"
    assert query(warehouse, spaces_sql) == stored(SPACES, space_columns)
    assert query(warehouse, sensors_sql) == stored(SENSORS, sensor_columns)

    export_lake(warehouse, lake, ("density_v2",))
    parquet = pq.read_table(
        lake / "density_v2" / "spaces" / "data.parquet", columns=list(space_columns)
    )
    assert sorted(tuple(r.values()) for r in parquet.to_pylist()) == stored(SPACES, space_columns)
    with connect_lake(lake) as con:
        assert con.sql(spaces_sql).fetchall() == stored(SPACES, space_columns)
        assert con.sql(sensors_sql).fetchall() == stored(SENSORS, sensor_columns)
    assert sorted(p.name for p in (lake / "density_v2").iterdir()) == ["sensors", "spaces"]
