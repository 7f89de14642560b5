"""The store's files are its owner's alone: 0600 files and a 0700 folder, whatever the umask.

The store holds password hashes, the uploaded originals and ej offentlig rows; with the usual
umask 022 DuckDB made it, its write-ahead log and every backup readable by every local user.
Each test runs under a permissive umask and reads the real files' modes with stat.

DuckDB only: a PostgreSQL store is no file of ours; its files are its server's.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.store import connection
from samverkan.store.backup import KEPT_SUFFIX
from tests.conftest import SAMPLES

PERMISSIVE_UMASKS = [0o022, 0o002, 0o000]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=PERMISSIVE_UMASKS, ids=lambda u: f"umask {u:03o}")
def permissive_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process's umask set to a permissive one for the test, and given back after it."""
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


def import_eslov(db: Path) -> None:
    outcome = import_workbook(
        (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes(),
        "eslov.xlsx",
        db_path=db,
        options=ImportOptions(kommun="Eslöv"),
        uploaded_at=dt.datetime(2022, 9, 1, 10, 0),
    )
    assert outcome.summary is not None


def test_a_new_store_and_the_folder_we_make_for_it_are_private(
    permissive_umask: int, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "samverkan.duckdb"
    with store.open_store(db) as con:
        assert mode(db) == 0o600
        # The write-ahead log exists while a write is not yet checkpointed: DuckDB makes it.
        con.execute("CREATE TABLE wal_probe (a INTEGER)")
        con.execute("INSERT INTO wal_probe VALUES (1)")
        wal = Path(str(db) + ".wal")
        assert wal.exists()
        assert mode(wal) == 0o600
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    # The umask is the process's: it is given back when the last connection closes.
    assert os.umask(permissive_umask) == permissive_umask


def test_an_imported_store_with_originals_stays_private(
    permissive_umask: int, db_path: Path
) -> None:
    import_eslov(db_path)
    assert mode(db_path) == 0o600
    assert not Path(str(db_path) + ".wal").exists() or mode(Path(str(db_path) + ".wal")) == 0o600


def test_a_store_made_readable_by_an_older_version_is_tightened_on_open(
    permissive_umask: int, tmp_path: Path
) -> None:
    db = tmp_path / "samverkan.duckdb"
    duckdb.connect(str(db)).close()  # as the store was made before: 0666 minus the umask
    db.chmod(0o644)
    with store.open_store(db):
        pass
    assert mode(db) == 0o600


def test_a_folder_that_exists_is_left_as_it_is(permissive_umask: int, tmp_path: Path) -> None:
    folder = tmp_path / "delad"
    folder.mkdir()
    folder.chmod(0o755)
    with store.open_store(folder / "samverkan.duckdb"):
        pass
    assert mode(folder) == 0o755
    assert mode(folder / "samverkan.duckdb") == 0o600


def test_the_apps_own_data_folder_from_git_is_tightened(
    permissive_umask: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clone makes data/ 0755 (it holds a README); it is only the store's, so it becomes 0700."""
    data = tmp_path / "clone" / "data"
    data.mkdir(parents=True)
    data.chmod(0o755)
    monkeypatch.setattr(connection, "DEFAULT_DB_PATH", data / "samverkan.duckdb")
    monkeypatch.delenv("SAMVERKAN_DB", raising=False)
    with store.open_store():
        pass
    assert (mode(data), mode(data / "samverkan.duckdb")) == (0o700, 0o600)
    assert mode(data.parent) == 0o777 & ~permissive_umask


def test_a_backup_and_the_state_kept_by_a_restore_are_private(
    permissive_umask: int, db_path: Path, tmp_path: Path
) -> None:
    import_eslov(db_path)
    backup = tmp_path / "kopior" / "samverkan-mon.duckdb"
    backup.parent.mkdir()
    backup.write_bytes(b"last week's backup, readable by all")
    backup.chmod(0o644)
    assert main(["backup", str(backup), "--db", str(db_path)]) == 0
    assert mode(backup) == 0o600
    assert main(["restore", str(backup), "--db", str(db_path)]) == 0
    assert mode(Path(str(db_path) + KEPT_SUFFIX)) == 0o600
    assert mode(db_path) == 0o600


def test_a_report_for_sharing_keeps_the_users_umask(
    permissive_umask: int, db_path: Path, tmp_path: Path
) -> None:
    """A report is written to be passed on: it is not a copy of the store, so not narrowed."""
    import_eslov(db_path)
    report = tmp_path / "rapport.xlsx"
    code = main(
        ["report", str(report), "--kind", "ar", "--db", str(db_path), "--as-of", "2022-12-31"]
    )
    assert code == 0
    assert mode(report) == 0o666 & ~permissive_umask


def test_the_command_line_backup_in_its_own_process_is_private(
    db_path: Path, tmp_path: Path
) -> None:
    """As cron runs it: a new process with umask 022 writes the store's folder and a backup."""
    db = tmp_path / "ny" / "samverkan.duckdb"
    backup = tmp_path / "kopia.duckdb"
    script = (
        "import os, sys; os.umask(0o022); from samverkan.cli import main; "
        f"sys.exit(main(['backup', {str(backup)!r}, '--db', {str(db)!r}]) "
        f"if main(['import', {str(SAMPLES / 'eslov_aktivitetsplan_2022.xlsx')!r}, "
        f"'--db', {str(db)!r}, '--kommun', 'Eslöv']) == 0 else 9)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (mode(db.parent), mode(db), mode(backup)) == (0o700, 0o600, 0o600)
