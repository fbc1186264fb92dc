"""The dbt manifest is parsed again exactly when a file of the dbt project is newer than it."""

import os

from assets.dbt import dbt_project, manifest_is_stale
from warehouse.paths import DBT_PROJECT_DIR


def test_an_edited_model_makes_the_manifest_stale():
    model = DBT_PROJECT_DIR / "models" / "marts" / "spaces.sql"
    before = model.stat()
    assert not manifest_is_stale()  # the session parsed it (tests/conftest.py)
    parsed = dbt_project.manifest_path.stat().st_mtime
    try:
        os.utime(model, (before.st_atime, parsed + 10))
        assert manifest_is_stale()
    finally:
        os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not manifest_is_stale()
