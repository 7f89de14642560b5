"""The safety survey (trygghetsmätning) and key figures in the store.

Parts:
- save_survey: one transaction: the upload, a batch per kommun, every value in one statement
- reading: fetch_survey_values (fetch_survey_values_of: many kommuner at once),
  fetch_survey_batches, fetch_survey_kommuner
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from samverkan.models import (
    ImportBatch,
    ImportSummary,
    PlanKind,
    SurveyReport,
    SurveyValue,
    Unit,
    Upload,
)
from samverkan.store.connection import (
    Connection,
    arrow_array,
    incoming,
    insert_table,
    transaction,
)
from samverkan.store.uploads import (
    BATCH_COLUMNS,
    batch_from_row,
    find_imported,
    insert_batches,
    insert_upload,
    upload_from_row,
)

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
    "batch_id": pa.int32(),
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
    with transaction(con):
        existing = find_imported(con, sha)
        if existing is not None:
            return existing
        when = uploaded_at or dt.datetime.now().replace(microsecond=0)
        upload_id = insert_upload(con, report.file_name, sha, uploaded_by, when, original_bytes)
        by_kommun: dict[str, list[SurveyValue]] = {kommun: [] for kommun in report.kommuner}
        for value in report.values:
            by_kommun[value.kommun].append(value)
        latest = {kommun: max(v.year for v in values) for kommun, values in by_kommun.items()}
        agreements = _survey_agreement_ids(con, latest)
        batches = insert_batches(
            con,
            upload_id,
            PlanKind.SURVEY,
            [(agreements.get(kommun), len(values)) for kommun, values in by_kommun.items()],
            len(report.warnings),
        )
        _insert_survey_values(
            con, [(b.id, values) for b, values in zip(batches, by_kommun.values(), strict=True)]
        )
    return ImportSummary(upload_id=upload_id, batches=batches)


def _survey_agreement_ids(con: Connection, latest_years: dict[str, int]) -> dict[str, int]:
    """Each kommun's agreement running in its year, else its newest (none: left out)."""
    years = pa.table(
        {
            "kommun": arrow_array(list(latest_years), pa.string()),
            "year": arrow_array(list(latest_years.values()), pa.int32()),
        }
    )
    with incoming(con, "survey_years", years):
        rows = con.execute(
            "SELECT kommun, id FROM ("
            " SELECT y.kommun, a.id, row_number() OVER (PARTITION BY y.kommun ORDER BY"
            "  (extract(year FROM a.period_start) <= y.year"
            "   AND y.year <= extract(year FROM a.period_end)) DESC,"
            "  a.period_end DESC, a.id DESC) AS preference"
            " FROM survey_years y JOIN agreement a ON a.kommun = y.kommun"
            ") ranked WHERE preference = 1",
            [],
        ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def _insert_survey_values(con: Connection, batches: list[tuple[int, list[SurveyValue]]]) -> None:
    """Every batch's values in one statement through an Arrow table (a Kolada export is big)."""
    values = [v for _, listed in batches for v in listed]
    columns: dict[str, list[Any]] = {
        name: [getattr(v, name) for v in values] for name in _SURVEY_COLUMNS
    }
    columns["unit"] = [u.value for u in columns["unit"]]
    columns["batch_id"] = [batch_id for batch_id, listed in batches for _ in listed]
    table = pa.table(
        {
            name: arrow_array(items, _SURVEY_ARROW_TYPES.get(name, pa.string()))
            for name, items in columns.items()
        }
    )
    insert_table(con, "survey_value", table)


def fetch_survey_values(con: Connection, kommun: str) -> list[SurveyValue]:
    """The kommun's survey values by indicator, area and year; the newest upload wins a tie."""
    return fetch_survey_values_of(con, [kommun]).get(kommun, [])


def fetch_survey_values_of(
    con: Connection, kommuner: Sequence[str]
) -> dict[str, list[SurveyValue]]:
    """fetch_survey_values for many kommuner in one query, by kommun (those with values)."""
    if not kommuner:
        return {}
    names = ", ".join(f"s.{c}" for c in _SURVEY_COLUMNS)
    rows = con.execute(
        f"SELECT {', '.join(_SURVEY_COLUMNS)} FROM ("
        f" SELECT {names}, row_number() OVER ("
        "  PARTITION BY s.kommun, s.area, s.year, s.indicator"
        "  ORDER BY u.uploaded_at DESC, u.id DESC, s.batch_id DESC) AS newest"
        " FROM survey_value s JOIN import_batch b ON b.id = s.batch_id"
        " JOIN upload u ON u.id = b.upload_id"
        " WHERE s.kommun = ANY(?) AND NOT b.withdrawn) ranked"
        " WHERE newest = 1 ORDER BY kommun, indicator, area, year",
        [list(kommuner)],
    ).fetchall()
    found: dict[str, list[SurveyValue]] = {}
    for r in rows:
        found.setdefault(r[0], []).append(
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
        )
    return found


def fetch_survey_batches(
    con: Connection, kommun: str
) -> list[tuple[Upload, ImportBatch, int | None, int | None]]:
    """The kommun's survey batches, oldest upload first, with their first and last year."""
    rows = con.execute(
        "SELECT u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size,"
        f" {BATCH_COLUMNS}, min(v.year), max(v.year)"
        " FROM import_batch b JOIN upload u ON u.id = b.upload_id"
        " JOIN survey_value v ON v.batch_id = b.id"
        " WHERE b.kind = ? AND v.kommun = ?"
        " GROUP BY u.id, u.file_name, u.sha256, u.uploaded_by, u.uploaded_at, u.size,"
        f" {BATCH_COLUMNS} ORDER BY u.uploaded_at, b.id",
        [PlanKind.SURVEY.value, kommun],
    ).fetchall()
    return [(upload_from_row(r[:6]), batch_from_row(r[6:13]), r[13], r[14]) for r in rows]


def fetch_survey_kommuner(con: Connection) -> list[str]:
    """The kommuner the store holds survey values for, by name."""
    rows = con.execute(
        "SELECT DISTINCT s.kommun FROM survey_value s JOIN import_batch b ON b.id = s.batch_id"
        " WHERE NOT b.withdrawn ORDER BY s.kommun"
    ).fetchall()
    return [str(r[0]) for r in rows]
