"""Backup and restore of the store, while the app runs.

Parts:
- backup_store: a consistent copy into a new file, written beside the target and renamed
- restore_store: a backup's content into the store, in one transaction, the old state kept
- check_backup: is a file a Samverkan store at all (before anything is replaced)

Both hold the store the way every other call does (open, work, close; waiting up to 10 s for
a busy file), so the app, which opens the store per call, simply waits a moment. The copy is
DuckDB's own `COPY FROM DATABASE` inside one transaction: a snapshot of the whole store,
sequences included, so ids go on where they were. A restore copies the backup *into* the
open store instead of swapping files, because a file renamed under a live connection (and its
write-ahead log, which is found by name) could lose or misapply what that connection writes.
Every file written here (a backup, the kept state before a restore) is 0600, as the store is:
it holds the same password hashes, original files and ej offentlig rows.

A PostgreSQL store is backed up into the same kind of file: a DuckDB store, written by
copying.copy_store from one snapshot (REPEATABLE READ), so one backup format serves both
engines and a backup of either restores into either. Its restore replaces every table's rows
from the file in one transaction; the state before is kept as such a file beside the backup
(`<backup>.fore-aterstallning-<time>.duckdb`). pg_dump and PostgreSQL's own replication work
beside this as for any database (docs/deployment.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from samverkan.store.connection import (
    Connection,
    hold_writes,
    open_store,
    resolve_db_path,
    resolve_store,
    transaction,
)
from samverkan.store.copying import TableNotCopied, copy_store
from samverkan.store.files import make_private
from samverkan.store.schema import SCHEMA_VERSION, migrate

# What makes a file a Samverkan store: these tables, and a schema version we know.
REQUIRED_TABLES = frozenset({"meta", "agreement", "upload", "import_batch", "activity_state"})
KEPT_SUFFIX = ".fore-aterstallning"
_TARGET = "samverkan_backup_target"
_SOURCE = "samverkan_backup_source"


class RefusedBackup(ValueError):
    """The file cannot be restored from; the message says why, in Swedish."""


def backup_store(
    target: str | os.PathLike[str],
    db_path: str | os.PathLike[str] | None = None,
    *,
    wait_seconds: float = 10.0,
) -> Path:
    """Copy the whole store into `target` (replaced atomically); return the target's path."""
    target_path = Path(target).resolve()
    if not target_path.parent.is_dir():
        raise RefusedBackup(f"Mappen {target_path.parent} finns inte.")
    if target_path.is_dir():
        raise RefusedBackup(f"{target_path} är en mapp; ange ett filnamn, t.ex. kopia.duckdb.")
    if isinstance(resolve_store(db_path), str):
        with open_store(db_path, wait_seconds=wait_seconds) as con:
            _copy_into_new_file(con, target_path)
        return target_path
    source = resolve_db_path(db_path)
    if not source.is_file():
        raise RefusedBackup(f"Databasen {source} finns inte; det finns inget att säkerhetskopiera.")
    with open_store(db_path, wait_seconds=wait_seconds) as con:
        if _same_file(con, target_path):
            raise RefusedBackup("Säkerhetskopian kan inte skrivas över själva databasen.")
        _copy_into_new_file(con, target_path)
    return target_path


def restore_store(
    source: str | os.PathLike[str],
    db_path: str | os.PathLike[str] | None = None,
    *,
    wait_seconds: float = 10.0,
) -> Path:
    """Replace the store's content with a backup's; the state before is kept beside the store.

    Returns the path of the kept state (`<store>.fore-aterstallning`).
    """
    source_path = Path(source).resolve()
    check_backup(source_path)
    if isinstance(resolve_store(db_path), str):
        return _restore_into_postgres(source_path, db_path, wait_seconds)
    with open_store(db_path, wait_seconds=wait_seconds) as con:
        if _same_file(con, source_path):
            raise RefusedBackup("Filen är själva databasen; välj en säkerhetskopia.")
        kept = Path(_main_file(con) + KEPT_SUFFIX)
        with hold_writes():
            _copy_into_new_file(con, kept)
            con.execute(f"ATTACH ? AS {_SOURCE} (TYPE duckdb, READ_ONLY)", [str(source_path)])
            try:
                with transaction(con):
                    _drop_everything(con)
                    con.execute(f"COPY FROM DATABASE {_SOURCE} TO {_quoted(_main_name(con))}")
                    # A backup made by an earlier version is brought up to this one.
                    migrate(con)
            finally:
                con.execute(f"DETACH {_SOURCE}")
    return kept


def check_backup(path: str | os.PathLike[str]) -> None:
    """Raise RefusedBackup (in Swedish) unless the file is a Samverkan store we can read."""
    file = Path(path)
    if not file.is_file():
        raise RefusedBackup(f"Filen {file} finns inte.")
    try:
        con = duckdb.connect(":memory:")
    except duckdb.Error as exc:  # pragma: no cover - an in-memory database always opens
        raise RefusedBackup("Filen kunde inte kontrolleras.") from exc
    try:
        try:
            con.execute(f"ATTACH ? AS {_SOURCE} (TYPE duckdb, READ_ONLY)", [str(file)])
        except duckdb.Error as exc:
            raise RefusedBackup(
                f"{file.name} är ingen Samverkan-databas (filen går inte att öppna som DuckDB)."
            ) from exc
        tables = {
            str(r[0])
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [_SOURCE]
            ).fetchall()
        }
        missing = REQUIRED_TABLES - tables
        if missing:
            raise RefusedBackup(
                f"{file.name} är ingen Samverkan-databas (tabellerna "
                f"{', '.join(sorted(missing))} saknas)."
            )
        row = con.execute(
            f"SELECT value FROM {_SOURCE}.meta WHERE key = 'schema_version'"
        ).fetchone()
        if row is None or not str(row[0]).isdigit():
            raise RefusedBackup(f"{file.name} är ingen Samverkan-databas (versionen saknas).")
        if int(row[0]) > SCHEMA_VERSION:
            raise RefusedBackup(
                f"{file.name} kommer från en nyare version av Samverkan; uppdatera först."
            )
        if _has_more_than_tables(Connection("duckdb", con)):
            raise RefusedBackup(
                f"{file.name} innehåller mer än en Samverkan-databas gör (vyer, makron, egna "
                "typer eller scheman) och återställs inte."
            )
    finally:
        con.close()


def _has_more_than_tables(con: Connection) -> bool:
    """True when the attached backup holds a view, macro, type or schema of its own.

    A store holds tables and sequences only; COPY FROM DATABASE would copy anything else
    into the live store too (a macro named `lower` answers every query's lower()).
    """
    found = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_views() WHERE database_name = $1 AND NOT internal)"
        " + (SELECT count(*) FROM duckdb_functions() WHERE database_name = $1 AND NOT internal)"
        " + (SELECT count(*) FROM duckdb_types() WHERE database_name = $1 AND NOT internal)"
        " + (SELECT count(*) FROM duckdb_schemas() WHERE database_name = $1"
        " AND schema_name <> 'main')",
        [_SOURCE],
    ).fetchone()
    return bool(found and found[0])


def _copy_into_new_file(con: Connection, target: Path) -> None:
    """The whole store, as one snapshot, into a new DuckDB file named `target` at the end.

    A DuckDB store copies itself (COPY FROM DATABASE, sequences included); a PostgreSQL store
    is copied table by table into a new DuckDB store (copying.copy_store).
    """
    with _new_file(target) as temporary:
        if con.engine == "postgresql":
            with open_store(temporary) as copy:
                copy_store(con, copy)
                copy.execute("CHECKPOINT", [])
            return
        con.execute(f"ATTACH ? AS {_TARGET} (TYPE duckdb)", [str(temporary)])
        try:
            with transaction(con, write=False):  # one snapshot; writers go on meanwhile
                con.execute(f"COPY FROM DATABASE {_quoted(_main_name(con))} TO {_TARGET}")
            con.execute(f"CHECKPOINT {_TARGET}")
        finally:
            with contextlib.suppress(duckdb.Error):
                con.execute(f"DETACH {_TARGET}")


@contextlib.contextmanager
def _new_file(target: Path) -> Iterator[Path]:
    """A temporary file beside `target` for the block to write, renamed to `target` when the
    block ends well (never half a backup under its name) and removed when it does not."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _remove(temporary)
    try:
        yield temporary
        # Made 0600 already (open_store narrows the umask); checked again before it is named.
        make_private(temporary)
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise


def _restore_into_postgres(
    source_path: Path, db_path: str | os.PathLike[str] | None, wait_seconds: float
) -> Path:
    """Every table of the PostgreSQL store from the backup file, in one transaction."""
    stamp = dt.datetime.now().isoformat(timespec="seconds").replace(":", "")
    kept = source_path.with_name(f"{source_path.name}{KEPT_SUFFIX}-{stamp}.duckdb")
    with open_store(db_path, wait_seconds=wait_seconds) as con, hold_writes():
        _copy_into_new_file(con, kept)
        backup = Connection("duckdb", duckdb.connect(str(source_path), read_only=True))
        try:
            copy_store(backup, con, replace=True)
        except TableNotCopied as exc:
            raise RefusedBackup(f"{source_path.name} går inte att återställa. {exc}") from exc
        finally:
            backup.close()
    return kept


def _drop_everything(con: Connection) -> None:
    """Drop the store's views, tables and sequences (inside the caller's transaction)."""
    name = _main_name(con)
    for kind, function in (
        ("VIEW", "duckdb_views"),
        ("TABLE", "duckdb_tables"),
        ("SEQUENCE", "duckdb_sequences"),
    ):
        internal = " AND NOT internal" if kind == "VIEW" else ""
        rows = con.execute(
            f"SELECT schema_name, {kind.lower()}_name FROM {function}()"
            f" WHERE database_name = ?{internal}",
            [name],
        ).fetchall()
        for schema, object_name in rows:
            con.execute(f"DROP {kind} {_quoted(name)}.{_quoted(schema)}.{_quoted(object_name)}")


def _main_name(con: Connection) -> str:
    row = con.execute("SELECT current_database()").fetchone()
    assert row is not None
    return str(row[0])


def _main_file(con: Connection) -> str:
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    assert row is not None
    return str(row[0])


def _same_file(con: Connection, other: Path) -> bool:
    main = Path(_main_file(con))
    with contextlib.suppress(OSError):
        if other.exists():
            return main.samefile(other)
    return main.resolve() == other


def _quoted(identifier: str) -> str:
    """An identifier from the catalog (a file's stem can hold any character), quoted for SQL."""
    return '"' + identifier.replace('"', '""') + '"'


def _remove(path: Path) -> None:
    for leftover in (path, Path(str(path) + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
