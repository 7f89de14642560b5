"""`samverkan restore` of a backup someone has added to (issue 14 attack).

A Samverkan store holds tables and sequences only. A backup that also holds a view, a macro,
its own type or another schema was copied whole into the live store by COPY FROM DATABASE: a
macro called `lower` then answered every `lower(…)` the store's queries ask, and a view could
read the server's files. Such a backup is refused, and the store is left as it was.

DuckDB only: the hostile backup is a DuckDB file, and what it smuggles in is DuckDB's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.demo import ensure_demo
from samverkan.store.backup import KEPT_SUFFIX, backup_store
from tests.conftest import store_snapshot


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("restore") / "demo.duckdb"
    assert ensure_demo(path)
    return path


@pytest.mark.parametrize(
    "added",
    [
        "CREATE MACRO lower(x) AS 'ändrad'",
        "CREATE VIEW filen AS SELECT * FROM read_text('/etc/hostname')",
        "CREATE TYPE mood AS ENUM ('a', 'b')",
        "CREATE SCHEMA annan; CREATE TABLE annan.t (a INTEGER)",
        "CREATE MACRO rader() AS TABLE SELECT 1 AS a",
    ],
    ids=["macro-shadowing-lower", "view-reading-a-file", "type", "schema", "table-macro"],
)
def test_a_backup_with_more_than_tables_is_refused(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], added: str
) -> None:
    db = tmp_path / "samverkan.duckdb"
    shutil.copy(demo_file, db)
    backup = backup_store(tmp_path / "kopia.duckdb", db)
    con = duckdb.connect(str(backup))
    con.execute(added)
    con.close()
    before = store_snapshot(db)
    assert main(["restore", str(backup), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "mer än en Samverkan-databas" in err
    assert "Databasen är oförändrad" in err
    assert store_snapshot(db) == before
    assert not Path(str(db) + KEPT_SUFFIX).exists()
    with store.open_store(db) as live:
        assert live.execute("SELECT lower('ABC')").fetchone() == ("abc",)


def test_an_untouched_backup_still_restores(demo_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "samverkan.duckdb"
    shutil.copy(demo_file, db)
    backup = backup_store(tmp_path / "kopia.duckdb", db)
    assert main(["restore", str(backup), "--db", str(db)]) == 0
