"""Where the project and its data live by default (the warehouse resource may point elsewhere)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_models"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_LAKE = "data/lake"


def dlt_pipelines_dir(warehouse_path: Path) -> Path:
    """dlt's working state lives beside the warehouse: one data folder holds all state."""
    return warehouse_path.parent / "dlt_pipelines"


def pacing_dir(warehouse_path: Path) -> Path:
    """The runs on one warehouse share each credential's rate limit through files here."""
    return warehouse_path.parent / "pacing"
