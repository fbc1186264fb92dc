"""`occupancy-elt sql` writes nothing, on the warehouse or the lake: DuckDB's own settings refuse
every file access, and only queries run; each refusal is one line with exit status 2."""

import re

import duckdb
import pytest

from assets.cli import main
from tests.fixtures.env import VENDOR_ENV
from warehouse.destination import QUERY_STATEMENTS, connect_query_only
from warehouse.lake import connect_lake, export_lake
from warehouse.paths import PROJECT_ROOT

MODES = ([], ["--lake"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A warehouse with one mart (two months, a quote and an accent in names) and its lake."""
    root = tmp_path_factory.mktemp("sql")
    data = root / "data"
    data.mkdir()
    with duckdb.connect(str(data / "warehouse.duckdb")) as con:
        con.execute(
            "create schema marts; create table marts.spaces as"
            " select * from (values ('a', 'O''Brien', date '2026-01-31'),"
            " ('b', 'Zoë', date '2026-02-01')) t(space_key, name, local_date)"
        )
    export_lake(data / "warehouse.duckdb", data / "lake", ())
    return root


@pytest.fixture
def data(built, monkeypatch):
    """The built warehouse and lake as the CLI's settings, no vendor variable in sight."""
    for name in VENDOR_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(built / "data" / "warehouse.duckdb"))
    monkeypatch.setenv("OCCUPANCY_LAKE", str(built / "data" / "lake"))
    return built


def files(root) -> dict[str, tuple[int, int]]:
    """Every file below `root` with its size and modification time."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("mode", MODES)
def test_queries_answer_on_both(data, capsys, mode):
    assert main(["sql", *mode, "select name from marts.spaces order by local_date"]) == 0
    out = capsys.readouterr().out
    assert out.index("O'Brien") < out.index("Zoë")


WRITES = [
    ("create table marts.x as select 1", "CREATE"),
    ("create temp table x as select 1", "CREATE"),
    ("drop table marts.spaces", "DROP"),
    ("insert into marts.spaces values ('c', 'c', date '2026-01-01')", "INSERT"),
    ("update marts.spaces set name = 'x'", "UPDATE"),
    ("copy marts.spaces to '{out}/leak.csv'", "COPY"),
    ("copy (select 1) to '{lake}/marts/spaces/evil.parquet' (format parquet)", "COPY"),
    ("export database '{out}/dump'", "EXPORT"),
    ("attach '{out}/other.duckdb' as other", "ATTACH"),
    ("attach ':memory:' as scratch", "ATTACH"),
    ("attach '{out}/other.duckdb' as other (read_only false)", "ATTACH"),
    ("install httpfs", "LOAD"),
    ("force install httpfs", "LOAD"),
    ("create persistent secret s (type s3)", "CREATE"),
    ("pragma enable_checkpoint_on_shutdown", "PRAGMA"),
    ("vacuum", "VACUUM"),
    ("load httpfs", "LOAD"),
    ("set enable_external_access = true", "SET"),
    ("set lock_configuration = false", "SET"),
    ("select 1; drop table marts.spaces", "DROP"),
    ("checkpoint", "CALL"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("sql", "kind"), WRITES)
def test_every_write_is_refused_in_one_line_and_nothing_changes(data, capsys, mode, sql, kind):
    before = files(data)
    query = sql.format(out=data, lake=data / "data" / "lake")
    assert main(["sql", *mode, query]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"refusing a {kind} statement" in err
    assert files(data) == before


# What DuckDB itself refuses on the connections `sql` opens, were a statement to get past
# check_query: writing, attaching, exporting, installing or storing anything in a file.
FILE_WRITES = [
    "copy marts.spaces to '{out}/leak.csv'",
    "copy (select 1) to '{lake}/marts/spaces/evil.parquet' (format parquet)",
    "export database '{out}/dump'",
    "attach '{out}/other.duckdb' as other",
    "install httpfs",
    "force install httpfs",
    "load httpfs",
    "create persistent secret s (type s3)",
    "set extension_directory = '{out}/extensions'",
]


@pytest.mark.parametrize("lake", [False, True])
@pytest.mark.parametrize("sql", FILE_WRITES)
def test_the_connections_themselves_write_no_file(data, lake, sql):
    before = files(data)
    warehouse = data / "data" / "warehouse.duckdb"
    with connect_lake(data / "data" / "lake") if lake else connect_query_only(warehouse) as con:
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(out=data, lake=data / "data" / "lake"))
        if not lake:  # the warehouse file is read-only too, not only guarded by check_query
            with pytest.raises(duckdb.Error, match="read-only"):
                con.execute("create table marts.x as select 1")
    assert files(data) == before


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_parquet('{lake}/marts/spaces/**/*.parquet')",
        "select * from read_blob('/etc/hostname')",
        "select * from glob('{out}/**')",
    ],
)
def test_a_query_can_read_no_file_by_name(data, capsys, mode, sql):
    query = sql.format(out=data, lake=data / "data" / "lake")
    assert main(["sql", *mode, query]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disabled by configuration" in err


def test_the_readme_queries_are_queries():
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Five questions in SQL", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    assert len(queries) == 5
    with duckdb.connect() as con:
        kinds = {s.type for q in queries for s in con.extract_statements(q)}
    assert kinds <= QUERY_STATEMENTS


@pytest.mark.slow
def test_the_readme_queries_answer_alike_on_the_warehouse_and_the_lake(
    v2_fixture_build, tmp_path, monkeypatch, capsys
):
    built, _ = v2_fixture_build
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Five questions in SQL", 1)[1].split("\n## ", 1)[0]
    monkeypatch.setenv("OCCUPANCY_WAREHOUSE", str(built))
    monkeypatch.setenv("OCCUPANCY_LAKE", str(tmp_path / "lake"))
    export_lake(built, tmp_path / "lake", ("density_v2",))
    for query in re.findall(r"```sql\n(.*?)```", section, flags=re.S):
        assert main(["sql", query]) == 0, capsys.readouterr().err
        on_warehouse = capsys.readouterr().out
        assert main(["sql", "--lake", query]) == 0, capsys.readouterr().err
        assert capsys.readouterr().out == on_warehouse
        assert on_warehouse.count("\n") > 5  # a table with rows, not an empty answer
