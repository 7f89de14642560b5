"""Importing a file end to end: read it into a report, and store it only when it is accepted.

Parts:
- read_upload: the file read as what it is, nothing stored (an upload page's first step):
  guarded here, then read in a child process with memory and time limits (sandbox.py),
  so a hostile file ends as a Swedish refusal and never takes the server down
- read_upload_remembering: read_upload with the column choices remembered for the kommun
- save_outcome: store what was read; a plan's column choices are remembered for its kommun
- import_workbook: read_upload_remembering, then save_outcome
The reading itself (decide_kind, read_guarded_upload) is in reading.py, run in the child.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from samverkan import store
from samverkan.confidentiality import carry_confidential_marks
from samverkan.excel.guard import GuardedFile, RefusedFile, guard_spreadsheet
from samverkan.excel.locate import normalize_header
from samverkan.excel.plan import ImportOptions, refused_report
from samverkan.importing.reading import (
    SURVEY_PEEK_BYTES,
    ImportOutcome,
    bulk_allocation,
    decide_kind,
    read_guarded_plan_in_bulk,
    read_guarded_upload,
)
from samverkan.importing.sandbox import SandboxFailure, run_sandboxed
from samverkan.kommuner import canonical_kommun
from samverkan.models import ImportReport, ImportSummary

__all__ = [
    "SURVEY_PEEK_BYTES",
    "ImportOutcome",
    "decide_kind",
    "import_workbook",
    "is_accepted",
    "preview_workbook",
    "read_upload",
    "read_upload_remembering",
    "save_outcome",
    "save_report",
]


def import_workbook(
    data: bytes,
    file_name: str,
    *,
    db_path: str | os.PathLike[str] | None = None,
    options: ImportOptions | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> ImportOutcome:
    """Read a plan or survey file and, when it is accepted, save it in one transaction.

    A plan is read with the column choices remembered for its kommun (the given ones win),
    and the choices it was read with are remembered for the kommun's next upload.
    """
    outcome = read_upload_remembering(
        data, file_name, options, db_path=db_path, wait_seconds=wait_seconds
    )
    if not is_accepted(outcome):
        return outcome
    summary = save_outcome(
        outcome,
        data,
        db_path=db_path,
        uploaded_by=uploaded_by,
        uploaded_at=uploaded_at,
        wait_seconds=wait_seconds,
    )
    return replace(outcome, summary=summary)


def is_accepted(outcome: ImportOutcome) -> bool:
    """True when the file (plan or survey) may be stored."""
    if outcome.survey is not None:
        return outcome.survey.is_accepted
    return outcome.report.is_accepted


def read_upload_remembering(
    data: bytes,
    file_name: str,
    options: ImportOptions | None = None,
    *,
    db_path: str | os.PathLike[str] | None = None,
    wait_seconds: float = 10.0,
) -> ImportOutcome:
    """read_upload, then again with the column choices remembered for the plan's kommun.

    The kommun is the one given, else the ones the file names; a choice given in `options`
    wins over a remembered one. Nothing is stored; a store that does not exist yet remembers
    nothing and is not created. Raises store.StoreBusy when the store stays busy.
    """
    options = options or ImportOptions()
    given = dict(options.column_mapping)
    name = _safe_name(file_name)
    guarded = _guard(data, name)
    if isinstance(guarded, ImportOutcome):
        return replace(guarded, column_mapping=given)
    outcome = _read_sandboxed(guarded, name, options)
    if outcome.survey is not None:
        return outcome
    outcome = replace(outcome, column_mapping=given)
    remembered = _remembered_mapping(db_path, _plan_kommuner(outcome.report, options), wait_seconds)
    present = {
        normalize_header(h) for sheet in outcome.report.column_mapping.values() for h in sheet
    }
    chosen = {normalize_header(h) for h in given}
    applied = {
        header: name
        for header, name in remembered.items()
        if normalize_header(header) in present and normalize_header(header) not in chosen
    }
    if not applied:
        return outcome
    used = applied | given
    report = _read_plan_sandboxed(guarded, name, replace(options, column_mapping=used))
    return ImportOutcome(
        report=report, summary=None, column_mapping=used, remembered_mapping=applied
    )


def save_outcome(
    outcome: ImportOutcome,
    data: bytes,
    *,
    db_path: str | os.PathLike[str] | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> ImportSummary:
    """Store an accepted plan or survey; a plan's column choices are remembered for its kommun."""
    if outcome.survey is not None:
        with store.open_store(db_path, wait_seconds=wait_seconds) as con:
            return store.save_survey(
                con, outcome.survey, data, uploaded_by=uploaded_by, uploaded_at=uploaded_at
            )
    with bulk_allocation(), store.open_store(db_path, wait_seconds=wait_seconds) as con:
        summary = store.save_import(
            con,
            outcome.report,
            data,
            uploaded_by=uploaded_by,
            carry_marks=carry_confidential_marks,
            uploaded_at=uploaded_at,
        )
        # A file stored before stays exactly as it was, its choices included.
        if outcome.column_mapping and not summary.already_imported:
            for kommun in dict.fromkeys(p.agreement.kommun for p in outcome.report.agreements):
                store.save_column_mapping(con, kommun, outcome.column_mapping)
    return summary


def _plan_kommuner(report: ImportReport, options: ImportOptions) -> list[str]:
    """The kommun given for the file, else every kommun the plan names."""
    given = canonical_kommun(options.kommun) if options.kommun else None
    if given is not None:
        return [given]
    return list(dict.fromkeys(p.agreement.kommun for p in report.agreements))


def _remembered_mapping(
    db_path: str | os.PathLike[str] | None, kommuner: list[str], wait_seconds: float
) -> dict[str, str]:
    """The column choices remembered for the kommuner (the first kommun's win)."""
    if not kommuner or not store.resolve_db_path(db_path).exists():
        return {}
    remembered: dict[str, str] = {}
    with store.open_store(db_path, wait_seconds=wait_seconds) as con:
        for kommun in reversed(kommuner):
            remembered |= store.fetch_column_mapping(con, kommun)
    return remembered


def read_upload(data: bytes, file_name: str, options: ImportOptions | None = None) -> ImportOutcome:
    """Read a file as the plan or survey it is; nothing is stored (`summary` is None).

    The guard runs here (in milliseconds for a real plan); the reading runs in a child
    process under the sandbox's limits.
    """
    name = _safe_name(file_name)
    guarded = _guard(data, name)
    if isinstance(guarded, ImportOutcome):
        return guarded
    return _read_sandboxed(guarded, name, options or ImportOptions())


def _guard(data: bytes, name: str) -> GuardedFile | ImportOutcome:
    """The guarded file, or the outcome that refuses it before anything is read."""
    try:
        return guard_spreadsheet(data)
    except RefusedFile as refusal:
        return ImportOutcome(report=refused_report(name, str(refusal)), summary=None)


def _read_sandboxed(guarded: GuardedFile, name: str, options: ImportOptions) -> ImportOutcome:
    try:
        outcome: ImportOutcome = run_sandboxed(read_guarded_upload, guarded, name, options)
    except SandboxFailure as failure:
        return ImportOutcome(report=refused_report(name, failure.message), summary=None)
    return outcome


def _read_plan_sandboxed(guarded: GuardedFile, name: str, options: ImportOptions) -> ImportReport:
    try:
        report: ImportReport = run_sandboxed(read_guarded_plan_in_bulk, guarded, name, options)
    except SandboxFailure as failure:
        return refused_report(name, failure.message)
    return report


def preview_workbook(
    data: bytes, file_name: str, options: ImportOptions | None = None
) -> ImportReport:
    """What an import would store, without storing anything (read in the child process)."""
    name = _safe_name(file_name)
    guarded = _guard(data, name)
    if isinstance(guarded, ImportOutcome):
        return guarded.report
    return _read_plan_sandboxed(guarded, name, options or ImportOptions())


def save_report(
    report: ImportReport,
    data: bytes,
    *,
    db_path: str | os.PathLike[str] | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> ImportSummary:
    """Store an accepted report with its original bytes, in one transaction."""
    with bulk_allocation(), store.open_store(db_path, wait_seconds=wait_seconds) as con:
        return store.save_import(
            con,
            report,
            data,
            uploaded_by=uploaded_by,
            carry_marks=carry_confidential_marks,
            uploaded_at=uploaded_at,
        )


def _safe_name(file_name: str) -> str:
    """Only the file's own name is kept: an uploaded name never becomes a path."""
    name = os.path.basename(file_name.replace("\\", "/")).strip()
    return "".join(c for c in name if c.isprintable())[:200] or "namnlös.xlsx"
