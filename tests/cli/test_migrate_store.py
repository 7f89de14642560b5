"""`samverkan migrate-store FRÅN TILL` and backups of a PostgreSQL store (issue 20).

A kommun's DuckDB file goes to PostgreSQL and back with nothing lost (every table compared);
a TILL that holds anything, the same store twice, a FRÅN that is not there, and a server that
cannot be reached are each refused in Swedish with nothing changed. A backup of a PostgreSQL
store is the same kind of file as a DuckDB store's, and restores into either engine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from samverkan import store
from samverkan.cli import main
from samverkan.demo import ensure_demo
from samverkan.models import AuditAction
from samverkan.store.audit import save_audit_entry
from tests.conftest import store_snapshot


@pytest.fixture(scope="module")
def demo_with_everything(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store with a user, a login, an audit line, a withdrawal and a check-in's kin."""
    path = tmp_path_factory.mktemp("migrate") / "demo.duckdb"
    assert ensure_demo(path)
    assert main(["user", "add", "admin@burlov.se", "--name", "Admin", "--role", "admin",
                 "--db", str(path)]) == 0  # fmt: skip
    assert main(["withdraw", "2", "--db", str(path)]) == 0
    with store.open_store(path) as con:
        save_audit_entry(con, "admin@burlov.se", AuditAction.LOGIN, "inloggad 'x' 100 % ?")
    return path


def every_row(location: str | Path) -> dict[str, list[tuple[object, ...]]]:
    with store.open_store(location) as con:
        rows = {table: store.table_rows(con, table) for table in store.schema.TABLES}
    rows["meta"] = [r for r in rows["meta"] if r[0] != "store_version"]
    return rows


def test_duckdb_to_postgresql_and_back_loses_nothing(
    demo_with_everything: Path,
    postgres_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["migrate-store", str(demo_with_everything), postgres_url]) == 0
    said = capsys.readouterr().out
    assert "är jämförda rad för rad: de är lika" in said
    assert "PostgreSQL-databasen" in said
    back = tmp_path / "back.duckdb"
    assert main(["migrate-store", postgres_url, str(back)]) == 0
    original = every_row(demo_with_everything)
    assert every_row(postgres_url) == original
    assert every_row(back) == original
    assert sum(len(rows) for rows in original.values()) > 100
    # The copy works as a store: ids go on where the original's did.
    with store.open_store(demo_with_everything) as a, store.open_store(postgres_url) as b:
        assert [u.id for u in store.fetch_uploads(a)] == [u.id for u in store.fetch_uploads(b)]
    capsys.readouterr()
    assert main(["status", "--db", postgres_url]) == 0
    status_pg = capsys.readouterr().out
    assert main(["status", "--db", str(demo_with_everything)]) == 0
    assert capsys.readouterr().out == status_pg


def test_a_target_that_holds_anything_is_refused_and_left_as_it_was(
    demo_with_everything: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate-store", str(demo_with_everything), postgres_url]) == 0
    before = store_snapshot(postgres_url)
    capsys.readouterr()
    assert main(["migrate-store", str(demo_with_everything), postgres_url]) == 2
    err = capsys.readouterr().err
    assert "inte tom" in err
    assert "Inget har ändrats" in err
    assert store_snapshot(postgres_url) == before


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("DEMO", "DEMO", "samma databas"),
        ("MISSING", "NEW", "finns inte"),
    ],
)
def test_a_wrong_pair_of_stores_exits_2_in_swedish(
    demo_with_everything: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    source: str,
    target: str,
    message: str,
) -> None:
    names = {
        "DEMO": str(demo_with_everything),
        "MISSING": str(tmp_path / "finns-inte.duckdb"),
        "NEW": str(tmp_path / "ny.duckdb"),
    }
    assert main(["migrate-store", names[source], names[target]]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "ny.duckdb").exists()
    assert not (tmp_path / "finns-inte.duckdb").exists()


def test_a_server_that_cannot_be_reached_exits_3_without_a_traceback(
    demo_with_everything: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unreachable = "postgresql://samverkan:hemligt@/samverkan?host=/nonexistent&port=1"
    assert main(["migrate-store", str(demo_with_everything), unreachable]) == 3
    err = capsys.readouterr().err
    assert "går inte att nå" in err
    assert "Traceback" not in err
    assert "hemligt" not in err


def test_a_postgresql_stores_backup_restores_into_it_and_into_duckdb(
    demo_with_everything: Path,
    postgres_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["migrate-store", str(demo_with_everything), postgres_url]) == 0
    backup = tmp_path / "kopia.duckdb"
    assert main(["backup", str(backup), "--db", postgres_url]) == 0
    assert backup.stat().st_mode & 0o077 == 0
    saved = every_row(postgres_url)
    assert main(["withdraw", "3", "--db", postgres_url]) == 0
    assert every_row(postgres_url) != saved
    capsys.readouterr()
    assert main(["restore", str(backup), "--db", postgres_url]) == 0
    said = capsys.readouterr().out
    assert "återställd" in said
    assert every_row(postgres_url) == saved
    kept = list(tmp_path.glob("kopia.duckdb.fore-aterstallning-*.duckdb"))
    assert len(kept) == 1
    with store.open_store(kept[0]) as con:
        assert len(store.table_rows(con, "upload_withdrawal")) == 2  # the state before restore
    duck = tmp_path / "duck.duckdb"
    with store.open_store(duck):
        pass
    assert main(["restore", str(backup), "--db", str(duck)]) == 0
    assert every_row(duck) == saved


def test_a_hand_made_backup_whose_rows_do_not_fit_is_refused_and_the_store_kept(
    demo_with_everything: Path,
    postgres_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A backup that passes for a store, but whose meeting dates are words: PostgreSQL's
    DATE takes none of them. Refused in Swedish, naming the table; the store as it was."""
    assert main(["migrate-store", str(demo_with_everything), postgres_url]) == 0
    before = store_snapshot(postgres_url)
    forged = tmp_path / "forged.duckdb"
    shutil.copy(demo_with_everything, forged)
    con = duckdb.connect(str(forged))
    con.execute("ALTER TABLE meeting ALTER COLUMN held_on TYPE VARCHAR")
    con.execute("UPDATE meeting SET held_on = 'i morgon'")
    con.close()
    capsys.readouterr()
    assert main(["restore", str(forged), "--db", postgres_url]) == 2
    err = capsys.readouterr().err
    assert "Tabellen meeting gick inte att kopiera" in err
    assert "oförändrad" in err
    assert "Traceback" not in err
    assert store_snapshot(postgres_url) == before
