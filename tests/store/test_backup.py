"""Backup and restore in each engine: a consistent copy while the store is in use, and a restore
that refuses anything but a Samverkan store and keeps the state it replaces."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.demo import ensure_demo
from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from samverkan.store.backup import KEPT_SUFFIX, RefusedBackup, backup_store, restore_store
from samverkan.store.rollback import set_upload_withdrawn
from tests.conftest import (
    SAMPLES,
    clone_store,
    duckdb_only,
    make_plan_workbook,
    store_held_by_other_process,
    store_snapshot,
)

TODAY = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def demo_source(module_store_location: Callable[[str], str]) -> str:
    location = module_store_location("backup")
    assert ensure_demo(location, TODAY)
    return location


@pytest.fixture
def demo_store(demo_source: str, store_location: str) -> str:
    """The demo agreement in a store of the test's own, in each engine."""
    return clone_store(demo_source, store_location)


def kept_states(location: str, backup: Path) -> list[Path]:
    """The states a restore kept: beside a DuckDB store, or beside the backup of a PostgreSQL
    store (which has no folder of its own)."""
    if store.is_postgres(location):
        return sorted(backup.parent.glob(f"{backup.name}{KEPT_SUFFIX}-*.duckdb"))
    kept = Path(location + KEPT_SUFFIX)
    return [kept] if kept.exists() else []


def import_eslov(db: str) -> None:
    outcome = import_workbook(
        (SAMPLES / "eslov_aktivitetsplan_2022.xlsx").read_bytes(),
        "eslov.xlsx",
        db_path=db,
        options=ImportOptions(kommun="Eslöv"),
    )
    assert outcome.summary is not None


def test_restore_brings_back_exactly_what_the_backup_held(
    demo_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "kopior" / "samverkan-2024-06-01.duckdb"
    backup.parent.mkdir()
    snapshot = store_snapshot(demo_store)
    assert main(["backup", str(backup), "--db", str(demo_store)]) == 0
    assert "Säkerhetskopian är skriven" in capsys.readouterr().out
    assert store_snapshot(backup) == snapshot

    import_eslov(demo_store)
    with store.open_store(demo_store) as con:
        set_upload_withdrawn(con, 4, True, changed_by="Anna")
    changed = store_snapshot(demo_store)
    assert changed != snapshot

    assert main(["restore", str(backup), "--db", str(demo_store)]) == 0
    assert "återställd" in capsys.readouterr().out
    assert store_snapshot(demo_store) == snapshot
    [kept] = kept_states(demo_store, backup)
    assert store_snapshot(kept) == changed
    # Ids go on where the backup left them: the next import does not collide.
    import_eslov(demo_store)
    with store.open_store(demo_store) as con:
        assert store.fetch_table_counts(con)["upload"] == len(snapshot["upload"]) + 1


def test_a_backup_leaves_no_temporary_file_and_replaces_an_older_one(
    demo_store: str, tmp_path: Path
) -> None:
    folder = tmp_path / "kopior"
    folder.mkdir()
    target = folder / "samverkan.duckdb"
    target.write_bytes(b"an older backup")
    assert backup_store(target, demo_store) == target
    assert sorted(p.name for p in folder.iterdir()) == ["samverkan.duckdb"]
    assert store_snapshot(target) == store_snapshot(demo_store)


def test_a_backup_while_the_app_reads_in_the_same_process(demo_store: str, tmp_path: Path) -> None:
    """The server holds a connection for a moment per call; a backup beside it still works."""
    with store.open_store(demo_store) as reader:
        [agreement] = store.fetch_agreements(reader)
        assert store.fetch_current_activities(reader, agreement.id or 0)
        backup_store(tmp_path / "kopia.duckdb", demo_store)
    assert store_snapshot(tmp_path / "kopia.duckdb") == store_snapshot(demo_store)


@duckdb_only  # another process holding the store is DuckDB's file lock
def test_a_backup_waits_for_another_process_that_lets_go(demo_store: str, tmp_path: Path) -> None:
    code = (
        f"import duckdb, time; c = duckdb.connect({str(demo_store)!r}); "
        "print('ready', flush=True); time.sleep(1.5); c.close()"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"ready"
        started = time.monotonic()
        backup_store(tmp_path / "kopia.duckdb", demo_store)
        assert time.monotonic() - started >= 0.5
    finally:
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    assert store_snapshot(tmp_path / "kopia.duckdb") == store_snapshot(demo_store)


@duckdb_only  # another process holding the store is DuckDB's file lock
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_a_store_held_too_long_exits_3_and_writes_nothing(
    demo_store: str, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "kopia.duckdb"
    if command == "restore":
        backup_store(backup, demo_store)
    before = sorted(p.name for p in tmp_path.iterdir())
    with store_held_by_other_process(demo_store):
        code = main([command, str(backup), "--db", str(demo_store)])
    assert code == 3
    assert "försök igen" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path) -> None:
    path.write_text("Det här är ingen databas.\n", encoding="utf-8")


def _workbook(path: Path) -> None:
    path.write_bytes(make_plan_workbook())


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE upload (id INTEGER)")


def _other_duckdb(path: Path) -> None:
    code = f"import duckdb; duckdb.connect({str(path)!r}).execute('CREATE TABLE x (a INT)')"
    subprocess.run([sys.executable, "-c", code], check=True)


def _nothing(path: Path) -> None:
    pass


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_empty, "ingen Samverkan-databas"),
        (_text, "ingen Samverkan-databas"),
        (_workbook, "ingen Samverkan-databas"),
        (_sqlite, "ingen Samverkan-databas"),
        (_other_duckdb, "tabellerna activity_state, agreement, import_batch, meta, upload saknas"),
        (_nothing, "finns inte"),
    ],
    ids=["tom fil", "text", "excel", "sqlite", "annan duckdb", "saknas"],
)
def test_restore_refuses_what_is_no_samverkan_store(
    demo_store: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], None],
    said: str,
) -> None:
    candidate = tmp_path / "kopia.duckdb"
    make(candidate)
    before = store_snapshot(demo_store)
    assert main(["restore", str(candidate), "--db", str(demo_store)]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Databasen är oförändrad" in err
    assert "Traceback" not in err
    assert store_snapshot(demo_store) == before
    assert kept_states(demo_store, candidate) == []


@duckdb_only  # a PostgreSQL store is no file a backup could name
def test_restore_refuses_the_store_itself(demo_store: str) -> None:
    before = store_snapshot(demo_store)
    with pytest.raises(RefusedBackup, match="själva databasen"):
        restore_store(demo_store, demo_store)
    assert store_snapshot(demo_store) == before


@pytest.mark.parametrize(
    ("target", "said"),
    [("finns-inte/k.duckdb", "finns inte"), ("", "är en mapp")],
    ids=["mappen saknas", "en mapp"],
)
def test_a_backup_to_a_wrong_place_is_a_swedish_sentence(
    demo_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, said: str
) -> None:
    assert main(["backup", str(tmp_path / target), "--db", str(demo_store)]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err


def run_killed(args: list[str], delay: float) -> None:
    """Start a `samverkan` command and SIGKILL it after `delay` seconds (if still running)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "samverkan", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.kill()
    process.wait()


@pytest.mark.parametrize("delay", [0.6, 1.2, 2.0])
def test_a_killed_backup_leaves_a_whole_backup_or_none(
    demo_store: str, tmp_path: Path, delay: float
) -> None:
    target = tmp_path / "kopior" / "kopia.duckdb"
    target.parent.mkdir()
    before = store_snapshot(demo_store)
    run_killed(["backup", str(target), "--db", str(demo_store)], delay)
    assert store_snapshot(demo_store) == before
    if target.exists():
        assert store_snapshot(target) == before


@pytest.mark.parametrize("delay", [0.6, 1.2, 2.0])
def test_a_killed_restore_leaves_the_store_before_or_after(
    demo_store: str, tmp_path: Path, delay: float
) -> None:
    backup = tmp_path / "kopia.duckdb"
    backup_store(backup, demo_store)
    after = store_snapshot(backup)
    import_eslov(demo_store)
    before = store_snapshot(demo_store)
    run_killed(["restore", str(backup), "--db", str(demo_store)], delay)
    assert store_snapshot(demo_store) in (before, after)
