"""Uploads and their batches: every file as it came in, and what it made, per agreement or kommun.

Parts:
- writing (inside a save's transaction): find_imported, insert_upload, insert_batches
- reading: fetch_batches, fetch_agreement_batches, fetch_current_batch_id(s), fetch_uploads,
  fetch_current_upload, fetch_upload_original, fetch_upload_kommuner
- batch_from_row: the one way a row of import_batch becomes an ImportBatch
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from samverkan.models import ImportBatch, ImportSummary, PlanKind, Upload
from samverkan.store.connection import Connection, arrow_array, insert_table, next_ids

# The columns batch_from_row reads, in its order (the batch table is `b` in every query).
BATCH_COLUMNS = "b.id, b.upload_id, b.agreement_id, b.kind, b.rows, b.warnings, b.withdrawn"
_UPLOAD_COLUMNS = "u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size"


def batch_from_row(row: Sequence[Any]) -> ImportBatch:
    """An ImportBatch from a row that starts with BATCH_COLUMNS."""
    return ImportBatch(
        id=row[0],
        upload_id=row[1],
        agreement_id=row[2],
        kind=PlanKind(row[3]),
        rows=row[4],
        warnings=row[5],
        withdrawn=row[6],
    )


def upload_from_row(row: Sequence[Any]) -> Upload:
    """An Upload from a row that starts with the upload's columns (without its bytes)."""
    return Upload(
        id=row[0],
        file_name=row[1],
        sha256=row[2],
        uploaded_by=row[3],
        uploaded_at=row[4],
        size=row[5],
    )


def find_imported(con: Connection, sha: str) -> ImportSummary | None:
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


def insert_upload(
    con: Connection,
    file_name: str,
    sha: str,
    uploaded_by: str,
    when: dt.datetime,
    original: bytes,
) -> int:
    """The upload row with the file's original bytes; its id."""
    row = con.execute(
        "INSERT INTO upload (file_name, sha256, uploaded_by, uploaded_at, size, original)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [file_name, sha, uploaded_by, when, len(original), original],
    ).fetchone()
    assert row is not None
    return int(row[0])


def insert_batches(
    con: Connection,
    upload_id: int,
    kind: PlanKind,
    parts: Sequence[tuple[int | None, int]],
    warnings: int,
) -> list[ImportBatch]:
    """One batch per (agreement id or None, rows) of the upload, in one statement, in order."""
    ids = next_ids(con, "batch_ids", len(parts))
    batches = [
        ImportBatch(
            id=batch_id,
            upload_id=upload_id,
            agreement_id=agreement_id,
            kind=kind,
            rows=rows,
            warnings=warnings,
        )
        for batch_id, (agreement_id, rows) in zip(ids, parts, strict=True)
    ]
    insert_table(
        con,
        "import_batch",
        pa.table(
            {
                "id": arrow_array(ids, pa.int32()),
                "upload_id": arrow_array([upload_id] * len(ids), pa.int32()),
                "agreement_id": arrow_array([a for a, _ in parts], pa.int32()),
                "kind": arrow_array([kind.value] * len(ids), pa.string()),
                "rows": arrow_array([r for _, r in parts], pa.int32()),
                "warnings": arrow_array([warnings] * len(ids), pa.int32()),
            }
        ),
    )
    return batches


def fetch_batches(con: Connection, upload_id: int) -> list[ImportBatch]:
    """The batches an upload made."""
    rows = con.execute(
        f"SELECT {BATCH_COLUMNS} FROM import_batch b WHERE b.upload_id = ? ORDER BY b.id",
        [upload_id],
    ).fetchall()
    return [batch_from_row(r) for r in rows]


def fetch_agreement_batches(con: Connection, agreement_id: int) -> list[ImportBatch]:
    """The agreement's plan batches, oldest upload first (withdrawn ones included)."""
    rows = con.execute(
        f"SELECT {BATCH_COLUMNS} FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " WHERE b.agreement_id = ? AND b.kind = ? ORDER BY u.uploaded_at, b.id",
        [agreement_id, PlanKind.PLAN.value],
    ).fetchall()
    return [batch_from_row(r) for r in rows]


def fetch_current_batch_id(con: Connection, agreement_id: int) -> int | None:
    """The newest plan batch of the agreement that has not been withdrawn."""
    row = con.execute(
        "SELECT b.id FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " WHERE b.agreement_id = ? AND b.kind = ? AND NOT b.withdrawn"
        " ORDER BY u.uploaded_at DESC, b.id DESC LIMIT 1",
        [agreement_id, PlanKind.PLAN.value],
    ).fetchone()
    return int(row[0]) if row else None


def fetch_current_batch_ids(con: Connection, agreement_ids: Sequence[int]) -> dict[int, int]:
    """The newest plan batch not withdrawn of each agreement that has one, by agreement id."""
    if not agreement_ids:
        return {}
    rows = con.execute(
        "SELECT agreement_id, id FROM ("
        " SELECT b.agreement_id, b.id, row_number() OVER ("
        "  PARTITION BY b.agreement_id ORDER BY u.uploaded_at DESC, b.id DESC) AS newest"
        " FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " WHERE b.agreement_id = ANY(?) AND b.kind = ? AND NOT b.withdrawn"
        ") ranked WHERE newest = 1",
        [list(agreement_ids), PlanKind.PLAN.value],
    ).fetchall()
    return {int(r[0]): int(r[1]) for r in rows}


def fetch_current_upload(con: Connection, agreement_id: int) -> Upload | None:
    """The upload that made the agreement's current plan."""
    batch_id = fetch_current_batch_id(con, agreement_id)
    if batch_id is None:
        return None
    row = con.execute(
        f"SELECT {_UPLOAD_COLUMNS} FROM upload u JOIN import_batch b ON b.upload_id = u.id"
        " WHERE b.id = ?",
        [batch_id],
    ).fetchone()
    return upload_from_row(row) if row else None


def fetch_uploads(con: Connection, agreement_id: int | None = None) -> list[Upload]:
    """Uploads, newest first; only those touching the agreement when one is given."""
    rows = con.execute(
        f"SELECT DISTINCT {_UPLOAD_COLUMNS} FROM upload u JOIN import_batch b ON b.upload_id = u.id"
        " WHERE CAST(? AS INTEGER) IS NULL OR b.agreement_id = ?"
        " ORDER BY u.uploaded_at DESC, u.id DESC",
        [agreement_id, agreement_id],
    ).fetchall()
    return [upload_from_row(r) for r in rows]


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
        " WHERE b.kind = ? AND b.upload_id = ANY(?)"
        " UNION SELECT b.upload_id, v.kommun FROM import_batch b"
        " JOIN survey_value v ON v.batch_id = b.id WHERE b.upload_id = ANY(?)"
        " ORDER BY 1, 2",
        [PlanKind.PLAN.value, upload_ids, upload_ids],
    ).fetchall()
    found: dict[int, list[str]] = {upload_id: [] for upload_id in upload_ids}
    for upload_id, kommun in rows:
        found[int(upload_id)].append(str(kommun))
    return found
