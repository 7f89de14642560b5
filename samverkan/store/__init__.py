"""The store: the only module that speaks SQL or imports duckdb.

Parts:
- opening: open_store (open, work, close; waits for a busy file), store_version (cheap stat)
- file modes: private_files, make_private (the store, its .wal, its folder: the owner's only)
- schema: created on first open, versioned in `meta`
- writing: save_import (one transaction: upload, bytes, batches, activity states, and the
  ej offentlig choices carried to changed titles by confidentiality)
- reading: fetch_* functions, one per question a page or command asks

The server must not keep the file open between calls: DuckDB locks the file against every
other process while any connection is open, and the command line must run beside the app.
Measured here: about 30 ms to connect, query and close.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import operator
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    Assessment,
    CarriedConfidential,
    FocusArea,
    Goal,
    GoalKind,
    ImportBatch,
    ImportReport,
    ImportSummary,
    Party,
    PlanKind,
    Status,
    StoredAgreement,
    SurveyReport,
    SurveyValue,
    Unit,
    Upload,
)

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "samverkan.duckdb"
SCHEMA_VERSION = 2
BUSY_MESSAGE = "Databasen används – försök igen."

Connection = duckdb.DuckDBPyConnection

# Writers in one process queue here; writers in other processes meet DuckDB's file lock.
_WRITE_LOCK = threading.Lock()

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS agreement_ids;
CREATE SEQUENCE IF NOT EXISTS focus_area_ids;
CREATE SEQUENCE IF NOT EXISTS goal_ids;
CREATE SEQUENCE IF NOT EXISTS upload_ids;
CREATE SEQUENCE IF NOT EXISTS batch_ids;
CREATE SEQUENCE IF NOT EXISTS meeting_ids;
CREATE TABLE IF NOT EXISTS agreement (
    id INTEGER PRIMARY KEY DEFAULT nextval('agreement_ids'),
    kommun VARCHAR NOT NULL,
    lpo VARCHAR,
    title VARCHAR,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    kind VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS focus_area (
    id INTEGER PRIMARY KEY DEFAULT nextval('focus_area_ids'),
    agreement_id INTEGER NOT NULL,
    number INTEGER,
    name VARCHAR NOT NULL,
    valid_from DATE,
    valid_to DATE
);
CREATE TABLE IF NOT EXISTS goal (
    id INTEGER PRIMARY KEY DEFAULT nextval('goal_ids'),
    agreement_id INTEGER NOT NULL,
    focus_area_id INTEGER,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    indicator VARCHAR,
    baseline_year INTEGER,
    baseline_value DOUBLE,
    target_value DOUBLE,
    target_year INTEGER,
    direction VARCHAR
);
CREATE TABLE IF NOT EXISTS upload (
    id INTEGER PRIMARY KEY DEFAULT nextval('upload_ids'),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    size BIGINT NOT NULL,
    original BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS import_batch (
    id INTEGER PRIMARY KEY DEFAULT nextval('batch_ids'),
    upload_id INTEGER NOT NULL,
    agreement_id INTEGER,
    kind VARCHAR NOT NULL,
    rows INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    withdrawn BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS activity_state (
    batch_id INTEGER NOT NULL,
    activity_key VARCHAR NOT NULL,
    focus_area VARCHAR,
    title VARCHAR NOT NULL,
    party VARCHAR,
    owner VARCHAR,
    working_group VARCHAR,
    start DATE,
    due DATE,
    due_text VARCHAR,
    done_on DATE,
    followup_due DATE,
    followed_up_on DATE,
    status VARCHAR,
    assessment VARCHAR,
    citizen_promise VARCHAR,
    confidential BOOLEAN NOT NULL,
    comment VARCHAR,
    status_text VARCHAR,
    party_text VARCHAR,
    assessment_text VARCHAR,
    extra JSON,
    sheet VARCHAR NOT NULL,
    "row" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS survey_value (
    kommun VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    value DOUBLE,
    respondents INTEGER,
    source VARCHAR,
    batch_id INTEGER
);
CREATE TABLE IF NOT EXISTS column_mapping (
    kommun VARCHAR NOT NULL,
    header VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kommun, header)
);
CREATE TABLE IF NOT EXISTS confidential_mark (
    agreement_id INTEGER NOT NULL,
    activity_key VARCHAR NOT NULL,
    confidential BOOLEAN NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, activity_key)
);
CREATE TABLE IF NOT EXISTS meeting (
    id INTEGER PRIMARY KEY DEFAULT nextval('meeting_ids'),
    agreement_id INTEGER NOT NULL,
    held_on DATE NOT NULL,
    body VARCHAR NOT NULL,
    note VARCHAR
);
"""

_ACTIVITY_COLUMNS = (
    "activity_key",
    "focus_area",
    "title",
    "party",
    "owner",
    "working_group",
    "start",
    "due",
    "due_text",
    "done_on",
    "followup_due",
    "followed_up_on",
    "status",
    "assessment",
    "citizen_promise",
    "confidential",
    "comment",
    "status_text",
    "party_text",
    "assessment_text",
    "extra",
    "sheet",
    "row",
)
_ACTIVITY_SELECT = ", ".join(f's."{c}"' for c in _ACTIVITY_COLUMNS)
# The same, with a coordinator's ej offentlig choice (confidential_mark m) over the file's.
_ACTIVITY_SELECT_MARKED = _ACTIVITY_SELECT.replace(
    's."confidential"', 'coalesce(m.confidential, s."confidential")'
)
_ENUM_COLUMNS = frozenset({"party", "status", "assessment"})
_ARROW_TYPES: dict[str, pa.DataType] = {
    "start": pa.date32(),
    "due": pa.date32(),
    "done_on": pa.date32(),
    "followup_due": pa.date32(),
    "followed_up_on": pa.date32(),
    "confidential": pa.bool_(),
    "row": pa.int32(),
}


class StoreBusy(RuntimeError):
    """The store file is held by another process for longer than we waited."""


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The store's path: the argument, else SAMVERKAN_DB, else data/samverkan.duckdb."""
    if path:
        return Path(path)
    return Path(os.environ.get("SAMVERKAN_DB") or DEFAULT_DB_PATH)


@contextlib.contextmanager
def open_store(
    path: str | os.PathLike[str] | None = None, *, wait_seconds: float = 10.0
) -> Iterator[Connection]:
    """Open the store (creating its schema), yield the connection, and always close it."""
    db_path = resolve_db_path(path)
    with private_files():
        _make_folder(db_path.parent)
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                con = duckdb.connect(str(db_path))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    if "lock" in str(exc).lower():
                        raise StoreBusy(BUSY_MESSAGE) from exc
                    raise
                time.sleep(0.1)
        try:
            # A store made by an older version (or copied in) was 0644: tightened here.
            make_private(db_path)
            _ensure_schema(con)
            yield con
        finally:
            con.close()
            make_private(Path(str(db_path) + ".wal"))


# -- file modes ------------------------------------------------------------------------------
# The store holds password hashes, the uploaded originals and the ej offentlig rows: its files
# are the owner's alone (0600, the folder we create 0700), whatever the umask. DuckDB creates
# the store, and deletes and re-creates its .wal at every checkpoint, itself, with the mode the
# umask leaves and none of ours, so the umask is narrowed to 077 while any connection is open.
# The umask belongs to the process: the connections are counted and the last one to close
# gives the old umask back, so a report the command line writes afterwards has the mode the
# user's umask gives it (reports are written to be shared).

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
_PRIVATE_UMASK = 0o077


class _OpenConnections:
    """How many connections hold the narrowed umask, and the umask to give back after them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.umask_before = 0


_OPEN = _OpenConnections()


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Every file and folder made meanwhile (by us or DuckDB) is readable by its owner only."""
    with _OPEN.lock:
        if _OPEN.count == 0:
            _OPEN.umask_before = os.umask(_PRIVATE_UMASK)
            os.umask(_OPEN.umask_before | _PRIVATE_UMASK)
        _OPEN.count += 1
    try:
        yield
    finally:
        with _OPEN.lock:
            _OPEN.count -= 1
            if _OPEN.count == 0:
                os.umask(_OPEN.umask_before)


def make_private(path: Path) -> None:
    """Take group's and others' rights off a file of the store (when it is there and ours)."""
    with contextlib.suppress(OSError):  # gone, not ours, or a file system without modes
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE_MODE)


def _make_folder(folder: Path) -> None:
    """The store's folder: made 0700, and the app's own data/ (0755 from git) tightened to 0700.

    Any other folder that exists is left as it is: it may be shared (/srv, a home folder).
    """
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_FOLDER_MODE)
            folder.chmod(PRIVATE_FOLDER_MODE)  # whatever the umask
    elif folder == DEFAULT_DB_PATH.parent:
        with contextlib.suppress(OSError):
            if folder.stat().st_mode & 0o077:
                folder.chmod(PRIVATE_FOLDER_MODE)


def store_version(path: str | os.PathLike[str] | None = None) -> tuple[int, int, int, int]:
    """A cheap fingerprint of the store file (and its WAL) that changes with every write."""
    db_path = resolve_db_path(path)
    parts: list[int] = []
    for candidate in (db_path, Path(str(db_path) + ".wal")):
        try:
            stat = candidate.stat()
            parts += [stat.st_mtime_ns, stat.st_size]
        except FileNotFoundError:
            parts += [0, 0]
    return parts[0], parts[1], parts[2], parts[3]


def _ensure_schema(con: Connection) -> None:
    row = None
    with contextlib.suppress(duckdb.CatalogException):
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is not None and int(row[0]) == SCHEMA_VERSION:
        return
    with _WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        con.execute(_SCHEMA)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.execute("COMMIT")


# -- writing ----------------------------------------------------------------------------------


# Carries an agreement's ej offentlig choices to its new plan, inside the upload's transaction:
# (connection, kommun, agreement id, the plan current before, the new plan's activities).
CarryMarks = Callable[
    [Connection, str, int, "int | None", list[Activity]], list[CarriedConfidential]
]


def save_import(
    con: Connection,
    report: ImportReport,
    original: bytes,
    *,
    uploaded_by: str,
    carry_marks: CarryMarks,
    uploaded_at: dt.datetime | None = None,
) -> ImportSummary:
    """Store an accepted import in one transaction; a file already imported is not stored twice.

    Each agreement's ej offentlig choices follow its activities to the new plan where a title
    changed (`carry_marks`: confidentiality.carry_confidential_marks, passed in since that
    module reads the store); the summary says what became of them. It is required: a save
    that forgot it would leave a renamed ej offentlig activity public.
    """
    if not report.is_accepted:
        raise ValueError("Only an accepted import can be saved.")
    sha = hashlib.sha256(original).hexdigest()
    with _WRITE_LOCK:
        existing = _already_imported(con, sha)
        if existing is not None:
            return existing
        when = uploaded_at or dt.datetime.now().replace(microsecond=0)
        con.execute("BEGIN TRANSACTION")
        try:
            upload_id = _insert_upload(con, report.file_name, sha, uploaded_by, when, original)
            batches = []
            carried: list[CarriedConfidential] = []
            warnings = len(report.warnings)
            for parsed in report.agreements:
                agreement_id = _upsert_agreement(con, parsed.agreement)
                _save_focus_areas(con, agreement_id, parsed.focus_areas)
                _save_goals(con, agreement_id, parsed.goals)
                previous_batch_id = fetch_current_batch_id(con, agreement_id)
                batch = _insert_batch(
                    con, upload_id, agreement_id, PlanKind.PLAN, len(parsed.activities), warnings
                )
                _insert_activities(con, batch.id, parsed.activities)
                # In the same transaction: a changed title never leaves an ej offentlig
                # activity public, not even for a moment.
                carried += carry_marks(
                    con, parsed.agreement.kommun, agreement_id, previous_batch_id, parsed.activities
                )
                batches.append(batch)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return ImportSummary(upload_id=upload_id, batches=batches, confidential=carried)


def _already_imported(con: Connection, sha: str) -> ImportSummary | None:
    """The summary of the same file's earlier upload, unless every batch of it was withdrawn."""
    existing = con.execute(
        "SELECT u.id FROM upload u WHERE u.sha256 = ? AND EXISTS ("
        " SELECT 1 FROM import_batch b WHERE b.upload_id = u.id AND NOT b.withdrawn)"
        " ORDER BY u.id LIMIT 1",
        [sha],
    ).fetchone()
    if existing is None:
        return None
    return ImportSummary(
        upload_id=existing[0], already_imported=True, batches=fetch_batches(con, existing[0])
    )


def _insert_upload(
    con: Connection,
    file_name: str,
    sha: str,
    uploaded_by: str,
    when: dt.datetime,
    original: bytes,
) -> int:
    """The upload row with the file's original bytes; its id."""
    return _insert_returning_id(
        con,
        "INSERT INTO upload (file_name, sha256, uploaded_by, uploaded_at, size, original)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [file_name, sha, uploaded_by, when, len(original), original],
    )


def _insert_batch(
    con: Connection,
    upload_id: int,
    agreement_id: int | None,
    kind: PlanKind,
    rows: int,
    warnings: int,
) -> ImportBatch:
    """One batch of an upload: an agreement's plan, or a kommun's survey values."""
    batch_id = _insert_returning_id(
        con,
        "INSERT INTO import_batch (upload_id, agreement_id, kind, rows, warnings)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        [upload_id, agreement_id, kind.value, rows, warnings],
    )
    return ImportBatch(
        id=batch_id,
        upload_id=upload_id,
        agreement_id=agreement_id,
        kind=kind,
        rows=rows,
        warnings=warnings,
    )


def _insert_returning_id(con: Connection, sql: str, params: list[Any]) -> int:
    row = con.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


def _upsert_agreement(con: Connection, agreement: Agreement) -> int:
    """The agreement of this kommun and period (LPO filled in if it was unknown), or a new one.

    The exact period first; else the shortest agreement whose period holds the plan's (a
    yearly plan belongs to the strategic agreement created on the Överenskommelse page).
    """
    row = con.execute(
        "SELECT id, lpo FROM agreement WHERE kommun = ? AND period_start <= ? AND period_end >= ?"
        " AND (lpo IS NULL OR ? IS NULL OR lpo = ?)"
        " ORDER BY (period_start = ? AND period_end = ?) DESC, period_end - period_start, id"
        " LIMIT 1",
        [
            agreement.kommun,
            agreement.period_start,
            agreement.period_end,
            agreement.lpo,
            agreement.lpo,
            agreement.period_start,
            agreement.period_end,
        ],
    ).fetchone()
    if row is not None:
        if row[1] is None and agreement.lpo:
            con.execute("UPDATE agreement SET lpo = ? WHERE id = ?", [agreement.lpo, row[0]])
        if agreement.title:
            con.execute(
                "UPDATE agreement SET title = coalesce(title, ?) WHERE id = ?",
                [agreement.title, row[0]],
            )
        return int(row[0])
    return _insert_returning_id(
        con,
        "INSERT INTO agreement (kommun, lpo, title, period_start, period_end, kind)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [
            agreement.kommun,
            agreement.lpo,
            agreement.title,
            agreement.period_start,
            agreement.period_end,
            agreement.kind.value,
        ],
    )


def _save_focus_areas(con: Connection, agreement_id: int, areas: list[FocusArea]) -> None:
    """Add new focus areas; numbers and validity given by the file update the known ones."""
    known = dict(
        con.execute(
            "SELECT name, id FROM focus_area WHERE agreement_id = ?", [agreement_id]
        ).fetchall()
    )
    for area in areas:
        if area.name in known:
            con.execute(
                "UPDATE focus_area SET number = coalesce(?, number),"
                " valid_from = coalesce(?, valid_from), valid_to = coalesce(?, valid_to)"
                " WHERE id = ?",
                [area.number, area.valid_from, area.valid_to, known[area.name]],
            )
        else:
            con.execute(
                "INSERT INTO focus_area (agreement_id, number, name, valid_from, valid_to)"
                " VALUES (?, ?, ?, ?, ?)",
                [agreement_id, area.number, area.name, area.valid_from, area.valid_to],
            )


def _save_goals(con: Connection, agreement_id: int, goals: list[Goal]) -> None:
    """A file that lists goals replaces the agreement's goals (they are its definition)."""
    if not goals:
        return
    areas = dict(
        con.execute(
            "SELECT name, id FROM focus_area WHERE agreement_id = ?", [agreement_id]
        ).fetchall()
    )
    con.execute("DELETE FROM goal WHERE agreement_id = ?", [agreement_id])
    for goal in goals:
        con.execute(
            "INSERT INTO goal (agreement_id, focus_area_id, kind, text, indicator, baseline_year,"
            " baseline_value, target_value, target_year, direction)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                agreement_id,
                areas.get(goal.focus_area) if goal.focus_area else None,
                goal.kind.value,
                goal.text,
                goal.indicator,
                goal.baseline_year,
                goal.baseline_value,
                goal.target_value,
                goal.target_year,
                goal.direction,
            ],
        )


def fetch_goals(con: Connection, agreement_id: int) -> list[Goal]:
    """The agreement's goals, by focus area."""
    rows = con.execute(
        "SELECT f.name, g.kind, g.text, g.indicator, g.baseline_year, g.baseline_value,"
        " g.target_value, g.target_year, g.direction FROM goal g"
        " LEFT JOIN focus_area f ON f.id = g.focus_area_id WHERE g.agreement_id = ?"
        " ORDER BY f.number NULLS LAST, g.id",
        [agreement_id],
    ).fetchall()
    return [
        Goal(
            focus_area=r[0],
            kind=GoalKind(r[1]),
            text=r[2],
            indicator=r[3],
            baseline_year=r[4],
            baseline_value=r[5],
            target_value=r[6],
            target_year=r[7],
            direction=r[8],
        )
        for r in rows
    ]


def _insert_activities(con: Connection, batch_id: int, activities: list[Activity]) -> None:
    """Insert every activity's state in one statement through an Arrow table (20,000 rows fast)."""
    # One C-level getter per row and a transpose: 23 getattr calls per row cost ~0.2 s.
    rows = map(operator.attrgetter(*_ACTIVITY_COLUMNS), activities)
    transposed = list(zip(*rows, strict=True)) or [()] * len(_ACTIVITY_COLUMNS)
    columns: dict[str, list[Any]] = {}
    for name, column in zip(_ACTIVITY_COLUMNS, transposed, strict=True):
        values = list(column)
        if name in _ENUM_COLUMNS:
            values = [v.value if v is not None else None for v in values]
        elif name == "extra":
            values = [json.dumps(v, ensure_ascii=False) if v else None for v in values]
        columns[name] = values
    table = pa.table(
        {
            name: pa.array(values, type=_ARROW_TYPES.get(name, pa.string()))
            for name, values in columns.items()
        }
    )
    con.register("incoming_activities", table)
    try:
        quoted = ", ".join(f'"{c}"' for c in _ACTIVITY_COLUMNS)
        con.execute(
            f"INSERT INTO activity_state (batch_id, {quoted})"
            f" SELECT ?, {quoted} FROM incoming_activities",
            [batch_id],
        )
    finally:
        con.unregister("incoming_activities")


# -- reading ----------------------------------------------------------------------------------


def fetch_agreements(con: Connection) -> list[StoredAgreement]:
    """Every agreement, by kommun and period."""
    rows = con.execute(
        "SELECT id, kommun, lpo, title, period_start, period_end, kind FROM agreement"
        " ORDER BY kommun, period_start, id"
    ).fetchall()
    return [_agreement(r) for r in rows]


def fetch_agreement(con: Connection, agreement_id: int) -> StoredAgreement | None:
    """One agreement by its id."""
    row = con.execute(
        "SELECT id, kommun, lpo, title, period_start, period_end, kind FROM agreement WHERE id = ?",
        [agreement_id],
    ).fetchone()
    return _agreement(row) if row else None


def _agreement(row: tuple[Any, ...]) -> StoredAgreement:
    return StoredAgreement(
        id=row[0],
        kommun=row[1],
        lpo=row[2],
        title=row[3],
        period_start=row[4],
        period_end=row[5],
        kind=AgreementKind(row[6]),
    )


def fetch_focus_areas(con: Connection, agreement_id: int) -> list[FocusArea]:
    """The agreement's focus areas in their order."""
    rows = con.execute(
        "SELECT number, name, valid_from, valid_to FROM focus_area WHERE agreement_id = ?"
        " ORDER BY number NULLS LAST, id",
        [agreement_id],
    ).fetchall()
    return [FocusArea(number=r[0], name=r[1], valid_from=r[2], valid_to=r[3]) for r in rows]


def fetch_current_batch_id(con: Connection, agreement_id: int) -> int | None:
    """The newest plan batch of the agreement that has not been withdrawn."""
    row = con.execute(
        "SELECT b.id FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " WHERE b.agreement_id = ? AND b.kind = ? AND NOT b.withdrawn"
        " ORDER BY u.uploaded_at DESC, b.id DESC LIMIT 1",
        [agreement_id, PlanKind.PLAN.value],
    ).fetchone()
    return int(row[0]) if row else None


def fetch_current_activities(
    con: Connection, agreement_id: int, *, as_in_file: bool = False
) -> list[Activity]:
    """The activities of the agreement's current plan, in (sheet, row) order."""
    batch_id = fetch_current_batch_id(con, agreement_id)
    if batch_id is None:
        return []
    return fetch_batch_activities(con, batch_id, as_in_file=as_in_file)


def fetch_batch_activities(
    con: Connection, batch_id: int, *, as_in_file: bool = False
) -> list[Activity]:
    """The activities of one batch, in the order the file had them.

    Ej offentlig is the coordinator's choice in the app where one was made for the activity
    (store_confidential), else the file's; `as_in_file` gives the file's alone.
    """
    if as_in_file:
        sql = f"SELECT {_ACTIVITY_SELECT} FROM activity_state s WHERE s.batch_id = ?"
    else:
        sql = (
            f"SELECT {_ACTIVITY_SELECT_MARKED} FROM activity_state s"
            " JOIN import_batch b ON b.id = s.batch_id"
            " LEFT JOIN confidential_mark m"
            " ON m.agreement_id = b.agreement_id AND m.activity_key = s.activity_key"
            " WHERE s.batch_id = ?"
        )
    rows = con.execute(sql + ' ORDER BY s.sheet, s."row"', [batch_id]).fetchall()
    return [_activity(r) for r in rows]


def _activity(row: tuple[Any, ...]) -> Activity:
    values = dict(zip(_ACTIVITY_COLUMNS, row, strict=True))
    values["party"] = Party(values["party"]) if values["party"] else None
    values["status"] = Status(values["status"]) if values["status"] else None
    values["assessment"] = Assessment(values["assessment"]) if values["assessment"] else None
    values["extra"] = json.loads(values["extra"]) if values["extra"] else {}
    return Activity.model_construct(**values)


def fetch_batches(con: Connection, upload_id: int) -> list[ImportBatch]:
    """The batches an upload made."""
    rows = con.execute(
        "SELECT id, upload_id, agreement_id, kind, rows, warnings, withdrawn FROM import_batch"
        " WHERE upload_id = ? ORDER BY id",
        [upload_id],
    ).fetchall()
    return [
        ImportBatch(
            id=r[0],
            upload_id=r[1],
            agreement_id=r[2],
            kind=PlanKind(r[3]),
            rows=r[4],
            warnings=r[5],
            withdrawn=r[6],
        )
        for r in rows
    ]


def fetch_current_upload(con: Connection, agreement_id: int) -> Upload | None:
    """The upload that made the agreement's current plan."""
    batch_id = fetch_current_batch_id(con, agreement_id)
    if batch_id is None:
        return None
    row = con.execute(
        "SELECT u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size"
        " FROM upload u JOIN import_batch b ON b.upload_id = u.id WHERE b.id = ?",
        [batch_id],
    ).fetchone()
    return _upload(row) if row else None


def fetch_uploads(con: Connection, agreement_id: int | None = None) -> list[Upload]:
    """Uploads, newest first; only those touching the agreement when one is given."""
    rows = con.execute(
        "SELECT DISTINCT u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size"
        " FROM upload u JOIN import_batch b ON b.upload_id = u.id"
        " WHERE ? IS NULL OR b.agreement_id = ? ORDER BY u.uploaded_at DESC, u.id DESC",
        [agreement_id, agreement_id],
    ).fetchall()
    return [_upload(r) for r in rows]


def _upload(row: tuple[Any, ...]) -> Upload:
    return Upload(
        id=row[0],
        file_name=row[1],
        sha256=row[2],
        uploaded_by=row[3],
        uploaded_at=row[4],
        size=row[5],
    )


def fetch_upload_original(con: Connection, upload_id: int) -> bytes | None:
    """The file exactly as it was uploaded."""
    row = con.execute("SELECT original FROM upload WHERE id = ?", [upload_id]).fetchone()
    return bytes(row[0]) if row else None


def fetch_upload_kommuner(con: Connection, upload_ids: list[int]) -> dict[int, list[str]]:
    """Every kommun with rows in each upload (its plans' agreements, its survey values)."""
    if not upload_ids:
        return {}
    rows = con.execute(
        "SELECT b.upload_id, a.kommun FROM import_batch b JOIN agreement a ON a.id = b.agreement_id"
        " WHERE b.kind = ? AND list_contains(?, b.upload_id)"
        " UNION SELECT b.upload_id, v.kommun FROM import_batch b"
        " JOIN survey_value v ON v.batch_id = b.id WHERE list_contains(?, b.upload_id)"
        " ORDER BY 1, 2",
        [PlanKind.PLAN.value, upload_ids, upload_ids],
    ).fetchall()
    found: dict[int, list[str]] = {upload_id: [] for upload_id in upload_ids}
    for upload_id, kommun in rows:
        found[int(upload_id)].append(str(kommun))
    return found


def save_column_mapping(con: Connection, kommun: str, mapping: dict[str, str]) -> None:
    """Remember how a kommun's headers map to fields ('' = ignore), for its next upload."""
    with _WRITE_LOCK:
        con.execute("BEGIN TRANSACTION")
        try:
            for header, field in mapping.items():
                con.execute(
                    "INSERT OR REPLACE INTO column_mapping VALUES (?, ?, ?, ?)",
                    [kommun, header, field, dt.datetime.now().replace(microsecond=0)],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def fetch_column_mapping(con: Connection, kommun: str) -> dict[str, str]:
    """The header → field mapping a coordinator confirmed for this kommun earlier."""
    rows = con.execute(
        "SELECT header, field FROM column_mapping WHERE kommun = ? ORDER BY header", [kommun]
    ).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def fetch_table_counts(con: Connection) -> dict[str, int]:
    """Rows per table: a quick picture of the store, for tests and the status line."""
    tables = (
        "column_mapping",
        "agreement",
        "focus_area",
        "goal",
        "upload",
        "import_batch",
        "activity_state",
        "survey_value",
        "meeting",
        "confidential_mark",
    )
    return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}  # type: ignore[index]


# -- reading for the dashboard's history and changes ------------------------------------------


def fetch_agreement_batches(con: Connection, agreement_id: int) -> list[ImportBatch]:
    """The agreement's plan batches, oldest upload first (withdrawn ones included)."""
    rows = con.execute(
        "SELECT b.id, b.upload_id, b.agreement_id, b.kind, b.rows, b.warnings, b.withdrawn"
        " FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " WHERE b.agreement_id = ? AND b.kind = ? ORDER BY u.uploaded_at, b.id",
        [agreement_id, PlanKind.PLAN.value],
    ).fetchall()
    return [
        ImportBatch(
            id=r[0],
            upload_id=r[1],
            agreement_id=r[2],
            kind=PlanKind(r[3]),
            rows=r[4],
            warnings=r[5],
            withdrawn=r[6],
        )
        for r in rows
    ]


# -- the safety survey (trygghetsmätning) and key figures -------------------------------------

_SURVEY_COLUMNS = (
    "kommun",
    "area",
    "year",
    "indicator",
    "unit",
    "value",
    "respondents",
    "source",
)
_SURVEY_ARROW_TYPES: dict[str, pa.DataType] = {
    "year": pa.int32(),
    "value": pa.float64(),
    "respondents": pa.int32(),
}


def save_survey(
    con: Connection,
    report: SurveyReport,
    original_bytes: bytes,
    uploaded_by: str,
    uploaded_at: dt.datetime | None = None,
) -> ImportSummary:
    """Store an accepted survey in one transaction: the upload, a batch per kommun, its values.

    A batch belongs to the kommun's agreement when the store has one (the one running in the
    survey's latest year, else the newest), and to none before the kommun has an agreement.
    """
    if not report.is_accepted:
        raise ValueError("Only an accepted survey can be saved.")
    sha = hashlib.sha256(original_bytes).hexdigest()
    with _WRITE_LOCK:
        existing = _already_imported(con, sha)
        if existing is not None:
            return existing
        when = uploaded_at or dt.datetime.now().replace(microsecond=0)
        warnings = len(report.warnings)
        con.execute("BEGIN TRANSACTION")
        try:
            upload_id = _insert_upload(
                con, report.file_name, sha, uploaded_by, when, original_bytes
            )
            batches = []
            for kommun in report.kommuner:
                values = [v for v in report.values if v.kommun == kommun]
                agreement_id = _survey_agreement_id(con, kommun, max(v.year for v in values))
                if agreement_id is None:
                    _allow_batches_without_agreement(con)
                batch = _insert_batch(
                    con, upload_id, agreement_id, PlanKind.SURVEY, len(values), warnings
                )
                _insert_survey_values(con, batch.id, values)
                batches.append(batch)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return ImportSummary(upload_id=upload_id, batches=batches)


def _survey_agreement_id(con: Connection, kommun: str, year: int) -> int | None:
    """The kommun's agreement running in `year`, else its newest; None when it has none."""
    row = con.execute(
        "SELECT id FROM agreement WHERE kommun = ?"
        " ORDER BY (year(period_start) <= ? AND ? <= year(period_end)) DESC,"
        " period_end DESC, id DESC LIMIT 1",
        [kommun, year, year],
    ).fetchone()
    return int(row[0]) if row else None


def _allow_batches_without_agreement(con: Connection) -> None:
    """Stores made before surveys kept import_batch.agreement_id NOT NULL; lift that once.

    The schema's version stays 1: the change only widens what the column accepts.
    """
    row = con.execute(
        "SELECT is_nullable FROM information_schema.columns"
        " WHERE table_name = 'import_batch' AND column_name = 'agreement_id'"
    ).fetchone()
    if row is not None and row[0] == "NO":
        con.execute("ALTER TABLE import_batch ALTER COLUMN agreement_id DROP NOT NULL")


def _insert_survey_values(con: Connection, batch_id: int, values: list[SurveyValue]) -> None:
    """Insert the values in one statement through an Arrow table (a Kolada export can be big)."""
    columns: dict[str, list[Any]] = {
        name: [getattr(v, name) for v in values] for name in _SURVEY_COLUMNS
    }
    columns["unit"] = [u.value for u in columns["unit"]]
    table = pa.table(
        {
            name: pa.array(items, type=_SURVEY_ARROW_TYPES.get(name, pa.string()))
            for name, items in columns.items()
        }
    )
    con.register("incoming_survey_values", table)
    try:
        names = ", ".join(_SURVEY_COLUMNS)
        con.execute(
            f"INSERT INTO survey_value ({names}, batch_id)"
            f" SELECT {names}, ? FROM incoming_survey_values",
            [batch_id],
        )
    finally:
        con.unregister("incoming_survey_values")


def fetch_survey_values(con: Connection, kommun: str) -> list[SurveyValue]:
    """The kommun's survey values by indicator, area and year; the newest upload wins a tie."""
    names = ", ".join(f"s.{c}" for c in _SURVEY_COLUMNS)
    rows = con.execute(
        f"SELECT {', '.join(_SURVEY_COLUMNS)} FROM ("
        f" SELECT {names}, row_number() OVER ("
        "  PARTITION BY s.kommun, s.area, s.year, s.indicator"
        "  ORDER BY u.uploaded_at DESC, u.id DESC, s.batch_id DESC) AS newest"
        " FROM survey_value s JOIN import_batch b ON b.id = s.batch_id"
        " JOIN upload u ON u.id = b.upload_id"
        " WHERE s.kommun = ? AND NOT b.withdrawn)"
        " WHERE newest = 1 ORDER BY indicator, area, year",
        [kommun],
    ).fetchall()
    return [
        SurveyValue(
            kommun=r[0],
            area=r[1],
            year=r[2],
            indicator=r[3],
            unit=Unit(r[4]),
            value=r[5],
            respondents=r[6],
            source=r[7],
        )
        for r in rows
    ]


def fetch_survey_batches(
    con: Connection, kommun: str
) -> list[tuple[Upload, ImportBatch, int | None, int | None]]:
    """The kommun's survey batches, oldest upload first, with their first and last year."""
    rows = con.execute(
        "SELECT u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size,"
        " b.id, b.upload_id, b.agreement_id, b.kind, b.rows, b.warnings, b.withdrawn,"
        " min(v.year), max(v.year)"
        " FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " JOIN survey_value v ON v.batch_id = b.id"
        " WHERE b.kind = ? AND v.kommun = ?"
        " GROUP BY ALL ORDER BY u.uploaded_at, b.id",
        [PlanKind.SURVEY.value, kommun],
    ).fetchall()
    return [
        (
            _upload(r[:6]),
            ImportBatch(
                id=r[6], upload_id=r[7], agreement_id=r[8], kind=PlanKind(r[9]), rows=r[10],
                warnings=r[11], withdrawn=r[12],
            ),
            r[13],
            r[14],
        )
        for r in rows
    ]  # fmt: skip


def fetch_survey_kommuner(con: Connection) -> list[str]:
    """The kommuner the store holds survey values for, by name."""
    rows = con.execute(
        "SELECT DISTINCT s.kommun FROM survey_value s JOIN import_batch b ON b.id = s.batch_id"
        " WHERE NOT b.withdrawn ORDER BY s.kommun"
    ).fetchall()
    return [str(r[0]) for r in rows]
