"""The import's one entry point: a file guarded, read once in a child process, and stored.

import_workbook runs the whole pass: guard (here, in milliseconds for a real plan) → the
kommun's remembered column choices looked up in the store → read once in a child process
with memory and time limits (sandbox.py runs reading.py: the values read once, the kind
decided on them in kinds.py, the plan or survey parsed and validated, the remembered choices
applied to the sheets in memory) → stored when it is accepted. The page, the command line,
the demo and the benchmarks all call it; the page's preview is the same call with
`save=False`, and its Spara button stores what the preview read (save_outcome).

- import_workbook: the pass (save=False: the preview; nothing stored)
- save_outcome: store a read plan or survey; a plan's column choices are remembered, and
  where the file contradicts a check-in made after the agreement's last file the check-in's
  value is kept unless the coordinator chose the file (`file_wins`)
- find_checkin_conflicts: those contradictions, for the confirm step before saving
- read_upload: the pass without any store (nothing remembered, nothing stored)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Collection
from dataclasses import replace

from samverkan import store
from samverkan.checkins import apply_choices, find_conflicts
from samverkan.confidentiality import carry_confidential_marks
from samverkan.excel.guard import GuardedFile, RefusedFile, guard_spreadsheet
from samverkan.excel.plan import ImportOptions, refused_report
from samverkan.importing.kinds import decide_kind
from samverkan.importing.reading import (
    ImportOutcome,
    Remembered,
    bulk_allocation,
    read_guarded_file,
    unpack_outcome,
)
from samverkan.importing.sandbox import SandboxFailure, run_sandboxed, start_child_ahead
from samverkan.kommuner import KOMMUNER, canonical_kommun
from samverkan.models import CheckInConflict, ImportReport, ImportSummary
from samverkan.store.agreements import fetch_matching_agreement_ids
from samverkan.store.checkins import fetch_pending_checkins
from samverkan.store.uploads import find_imported

__all__ = [
    "ImportOptions",
    "ImportOutcome",
    "decide_kind",
    "find_checkin_conflicts",
    "import_workbook",
    "is_accepted",
    "read_upload",
    "save_outcome",
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
    save: bool = True,
    file_wins: Collection[str] | bool = (),
) -> ImportOutcome:
    """Read a plan or survey file once and, when it is accepted and `save`, store it.

    A plan is read with the column choices remembered for its kommun (the given ones win),
    and the choices it was read with are remembered for the kommun's next upload. A store
    that does not exist yet remembers nothing and is not created before the save. Raises
    store.StoreBusy when the store stays busy; the preview (`save=False`) reads on without
    the remembered choices instead and says so (`memory_unavailable`).
    """
    options = options or ImportOptions()
    start_child_ahead()  # its interpreter starts while the file is guarded and the store asked
    busy = False
    try:
        remembered = _remembered_mappings(db_path, options, wait_seconds)
    except store.StoreBusy:
        if save:
            raise
        remembered, busy = {}, True
    outcome = _read(data, file_name, options, remembered)
    if busy and outcome.survey is None:
        outcome = replace(outcome, memory_unavailable=True)
    if not save or not is_accepted(outcome):
        return outcome
    summary = save_outcome(
        outcome,
        data,
        db_path=db_path,
        uploaded_by=uploaded_by,
        uploaded_at=uploaded_at,
        wait_seconds=wait_seconds,
        file_wins=file_wins,
    )
    return replace(outcome, summary=summary)


def read_upload(data: bytes, file_name: str, options: ImportOptions | None = None) -> ImportOutcome:
    """import_workbook's reading without a store: nothing remembered, nothing stored."""
    return _read(data, file_name, options or ImportOptions(), {})


def is_accepted(outcome: ImportOutcome) -> bool:
    """True when the file (plan or survey) may be stored."""
    if outcome.survey is not None:
        return outcome.survey.is_accepted
    return outcome.report.is_accepted


def save_outcome(
    outcome: ImportOutcome | ImportReport,
    data: bytes,
    *,
    db_path: str | os.PathLike[str] | None = None,
    uploaded_by: str = "lokal användare",
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
    file_wins: Collection[str] | bool = (),
) -> ImportSummary:
    """Store an accepted plan or survey in one transaction, with the file's original bytes.

    A plan's column choices are remembered for its kommun (a bare report has none). Where the
    plan contradicts a later check-in, the check-in's value is saved, except for the
    conflicts whose key is in `file_wins` (True: the file wins every one); the summary lists
    them. They are looked up again here, so a check-in made after the preview is kept too.
    """
    if isinstance(outcome, ImportReport):
        outcome = ImportOutcome(report=outcome, summary=None)
    if outcome.survey is not None:
        with store.open_store(db_path, wait_seconds=wait_seconds) as con:
            return store.save_survey(
                con, outcome.survey, data, uploaded_by=uploaded_by, uploaded_at=uploaded_at
            )
    with bulk_allocation(), store.open_store(db_path, wait_seconds=wait_seconds) as con:
        report = outcome.report
        conflicts = _checkin_conflicts(con, report, uploaded_at)
        won = list(
            dict.fromkeys(
                c.key for c in conflicts if file_wins is True or (file_wins and c.key in file_wins)
            )
        )
        if conflicts and find_imported(con, hashlib.sha256(data).hexdigest()) is None:
            report = _with_checkins_kept(con, report, conflicts, set(won))
        summary = store.save_import(
            con,
            report,
            data,
            uploaded_by=uploaded_by,
            carry_marks=carry_confidential_marks,
            uploaded_at=uploaded_at,
        )
        # A file stored before stays exactly as it was, its choices included.
        if outcome.column_mapping and not summary.already_imported:
            kommuner = [p.agreement.kommun for p in outcome.report.agreements]
            store.save_column_mappings(con, kommuner, outcome.column_mapping)
    if summary.already_imported or not conflicts:
        return summary
    return summary.model_copy(update={"checkin_conflicts": conflicts, "file_won": won})


def find_checkin_conflicts(
    report: ImportReport,
    *,
    db_path: str | os.PathLike[str] | None = None,
    uploaded_at: dt.datetime | None = None,
    wait_seconds: float = 10.0,
) -> list[CheckInConflict]:
    """Where the plan contradicts a check-in made after its agreement's last file upload."""
    if not report.is_accepted or not store.store_exists(db_path):
        return []
    with store.open_store(db_path, wait_seconds=wait_seconds) as con:
        return _checkin_conflicts(con, report, uploaded_at)


def _checkin_conflicts(
    con: store.Connection, report: ImportReport, uploaded_at: dt.datetime | None
) -> list[CheckInConflict]:
    """One query for the pending check-ins of the file's agreements; the file's activities
    are looked at only for an agreement that has one (a plain upload builds no model)."""
    if not report.agreements:
        return []
    with store.transaction(con, write=False):  # one snapshot (and no result left open)
        ids = fetch_matching_agreement_ids(con, [p.agreement for p in report.agreements])
        pending = fetch_pending_checkins(con, [i for i in ids if i is not None], uploaded_at)
    if not pending:
        return []
    with_checkins = {c.agreement_id for c in pending}
    conflicts: list[CheckInConflict] = []
    for agreement_id, plan in zip(ids, report.agreements, strict=True):
        if agreement_id in with_checkins:
            conflicts += find_conflicts(agreement_id, plan.activities, pending)
    return conflicts


def _with_checkins_kept(
    con: store.Connection,
    report: ImportReport,
    conflicts: list[CheckInConflict],
    file_wins: set[str],
) -> ImportReport:
    """The report with each conflict's check-in value, except where the file was chosen."""
    with store.transaction(con, write=False):
        ids = fetch_matching_agreement_ids(con, [p.agreement for p in report.agreements])
    plans = [
        plan.model_copy(
            update={
                "activities": apply_choices(
                    plan.activities,
                    [c for c in conflicts if c.agreement_id == agreement_id],
                    file_wins,
                )
            }
        )
        if agreement_id is not None and any(c.agreement_id == agreement_id for c in conflicts)
        else plan
        for agreement_id, plan in zip(ids, report.agreements, strict=True)
    ]
    return report.model_copy(update={"agreements": plans})


def _remembered_mappings(
    db_path: str | os.PathLike[str] | None, options: ImportOptions, wait_seconds: float
) -> Remembered:
    """The column choices remembered for the kommun given, else for every kommun stored.

    Looked up before the file is read, since the kommun a file names is known only once it
    is read, and the child reads it once: the child applies those of the plan's kommun.
    """
    if not store.store_exists(db_path):
        return {}
    given = canonical_kommun(options.kommun) if options.kommun else None
    with store.open_store(db_path, wait_seconds=wait_seconds) as con:
        # One question, for the given kommun or for every kommun at once (not one per kommun);
        # nobody has chosen columns yet in the common case, and it answers nothing.
        if given is not None:
            return store.fetch_column_mappings(con, [given])
        remembered = store.fetch_column_mappings(con)
    return {kommun: mapping for kommun, mapping in remembered.items() if kommun in KOMMUNER}


def _read(
    data: bytes, file_name: str, options: ImportOptions, remembered: Remembered
) -> ImportOutcome:
    """Guard the file here, then read it once in a child process under the sandbox's limits."""
    name = _safe_name(file_name)
    given = dict(options.column_mapping)
    guarded = _guard(data, name)
    if isinstance(guarded, ImportReport):
        return ImportOutcome(report=guarded, summary=None, column_mapping=given)
    try:
        packed = run_sandboxed(read_guarded_file, guarded, name, options, remembered)
    except SandboxFailure as failure:
        report = refused_report(name, failure.message)
        return ImportOutcome(report=report, summary=None, column_mapping=given)
    return unpack_outcome(packed)


def _guard(data: bytes, name: str) -> GuardedFile | ImportReport:
    """The guarded file, or the report that refuses it before anything is read."""
    try:
        return guard_spreadsheet(data)
    except RefusedFile as refusal:
        return refused_report(name, str(refusal))


def _safe_name(file_name: str) -> str:
    """Only the file's own name is kept: an uploaded name never becomes a path."""
    name = os.path.basename(file_name.replace("\\", "/")).strip()
    return "".join(c for c in name if c.isprintable())[:200] or "namnlös.xlsx"
