"""The Ladda upp page's steps: preview a file, show what the import understood, save, compare.

The preview is kept in session state keyed by the file's sha256, the kommun and the column
choices, so a rerun (a click anywhere) never reads the file again. Saving runs in the
button's callback, before the script, so it can also choose the new agreement in the sidebar.
A file is a plan or a survey (trygghetsmätning, Kolada), told by the import from its content.

Parts:
- preview_upload: the import without storing (importing.import_workbook, save=False), once
  per file, kommun and column choices, with the column choices remembered for the kommun
- render_kommun_choice: when the file does not say its kommun, ask for it
- render_preview: a plan's column choices and report, or a survey's values
- render_import_report: errors and warnings, and what was understood (sheets, columns,
  rows per focus area, each due date as written beside the date it became)
- render_save: the confirm button, and after it what changed against the previous plan
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from samverkan.access import write_refusal
from samverkan.changes_since import changes_line
from samverkan.excel.plan import ImportOptions
from samverkan.history import changes_of_upload
from samverkan.importing.pipeline import ImportOutcome, import_workbook, is_accepted, save_outcome
from samverkan.importing.sandbox import keep_spare_child
from samverkan.kommuner import KOMMUNER
from samverkan.models import (
    AuditAction,
    ChangesSince,
    ImportReport,
    ImportSummary,
    IssueCode,
    PlanKind,
)
from samverkan.store import StoreBusy
from samverkan.swedish import format_count
from samverkan.web import auth, shell
from samverkan.web.changes_view import render_changes
from samverkan.web.column_choice import chosen_columns, render_column_choices
from samverkan.web.confidentiality_editor import render_carried_confidentiality
from samverkan.web.data import db_path, load_agreements, load_upload_history
from samverkan.web.format import escape_markdown
from samverkan.web.survey_upload import render_survey_report
from samverkan.web.tables import (
    column_mapping_table,
    due_dates_table,
    focus_area_counts_table,
    issues_table,
)

_PREVIEW_KEY = "forhandsvisning"
_SAVED_KEY = "sparad_uppladdning"
_KOMMUN_KEY = "vald_kommun"
# The import's findings that a kommun chosen on the page can put right.
_KOMMUN_CODES = (IssueCode.KOMMUN_MISSING, IssueCode.KOMMUN_UNKNOWN)
# How long a preview waits for a busy store (for the remembered column choices).
_PREVIEW_WAIT_SECONDS = 2.0


@dataclass(frozen=True)
class Preview:
    """One file as the import read it, with the kommun and columns the coordinator chose."""

    sha256: str
    file_name: str
    data: bytes
    kommun: str | None
    choices: dict[str, str]
    outcome: ImportOutcome
    # The store was busy, so the choices remembered for the kommun could not be looked up.
    memory_unavailable: bool = False

    @property
    def report(self) -> ImportReport:
        """The plan's report (for a survey: its findings only)."""
        return self.outcome.report


@dataclass
class SavedUpload:
    """What pressing Spara did: the summary, or why nothing was stored."""

    sha256: str
    summary: ImportSummary | None = None
    problem: str | None = None
    refusal: str | None = None
    survey_values: int = 0
    changes: dict[str, ChangesSince | None] = field(default_factory=dict)


def render_file_uploader() -> UploadedFile | None:
    """The xlsx uploader, its built-in English words replaced by Swedish ones."""
    # The child process the file will be read in starts now, while a file is chosen.
    keep_spare_child()
    limit = int(st.get_option("server.maxUploadSize"))
    # Streamlit has no setting for the uploader's own words; CSS swaps them for Swedish.
    st.html(
        "<style>"
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p"
        "{font-size:0}"
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p"
        "::after{content:'Välj fil';font-size:1rem}"
        "[data-testid='stFileUploaderDropzoneInstructions'] span{font-size:0}"
        "[data-testid='stFileUploaderDropzoneInstructions'] span::after"
        f"{{content:'eller dra filen hit · högst {limit} MB · .xlsx, .ods, .csv, .docx';"
        "font-size:0.875rem}"
        "</style>"
    )
    # Every file is let through (type=None), so the import can say in Swedish what a PDF, an
    # old Word file or an .xls is and how to save it as a plan; a list of types here would have
    # the browser refuse the rest with only a red icon and an English tooltip.
    return st.file_uploader(
        "Aktivitetsplan eller trygghetsmätning (.xlsx, .ods, .csv, .docx)",
        type=None,
        help=f"Högst {limit} MB. Makron körs aldrig. En trygghetsmätning eller en export från "
        "Kolada känns igen på innehållet.",
    )


def file_key(data: bytes) -> str:
    """The file's sha256: the same bytes are the same file, whatever it is called."""
    return hashlib.sha256(data).hexdigest()


def chosen_kommun(sha256: str) -> str | None:
    """The kommun the coordinator chose for this file, if any."""
    value = st.session_state.get(f"{_KOMMUN_KEY}_{sha256[:16]}")
    return str(value) if value else None


def preview_upload(file_name: str, data: bytes) -> Preview:
    """What the import reads in the file (once per file, chosen kommun and column choices)."""
    sha = file_key(data)
    kommun = chosen_kommun(sha)
    choices = chosen_columns(sha)
    kept = st.session_state.get(_PREVIEW_KEY)
    if (
        isinstance(kept, Preview)
        and (kept.sha256, kept.kommun, kept.choices) == (sha, kommun, choices)
        and not kept.memory_unavailable
    ):
        return kept
    options = ImportOptions(kommun=kommun, column_mapping=choices)
    with st.spinner("Läser filen …", show_time=True):
        # The import itself, without storing: read once, the remembered choices applied.
        outcome = import_workbook(
            data,
            file_name,
            db_path=db_path(),
            options=options,
            wait_seconds=_PREVIEW_WAIT_SECONDS,
            save=False,
        )
    preview = Preview(
        sha256=sha,
        file_name=file_name,
        data=data,
        kommun=kommun,
        choices=choices,
        outcome=outcome,
        memory_unavailable=outcome.memory_unavailable,
    )
    st.session_state[_PREVIEW_KEY] = preview
    return preview


def needs_kommun(report: ImportReport) -> bool:
    """True when the import refused the file because it cannot tell the kommun."""
    return any(issue.code in _KOMMUN_CODES for issue in report.errors)


def render_preview(preview: Preview) -> None:
    """A survey's values, or a plan's column choices and what the import understood."""
    if preview.outcome.survey is not None:
        render_survey_report(preview.outcome.survey)
        return
    if preview.memory_unavailable:
        st.warning(
            "Databasen används just nu, så kolumnvalen från förra uppladdningen kunde inte "
            "hämtas. Vänta en stund och ladda upp filen igen, eller välj kolumnerna nedan.",
            icon=":material/hourglass_top:",
        )
    render_column_choices(preview.sha256, preview.outcome)
    render_import_report(preview.report)


def render_kommun_choice(preview: Preview) -> None:
    """Ask for the kommun when the file does not say it (or says one that does not exist)."""
    if not needs_kommun(preview.report) and preview.kommun is None:
        return
    st.selectbox(
        "Vilken kommun gäller planen?",
        KOMMUNER,
        index=None,
        placeholder="Välj kommun",
        key=f"{_KOMMUN_KEY}_{preview.sha256[:16]}",
        help="Filen säger inte vilken kommun planen gäller. Välj den här, så läses filen igen.",
    )


def render_import_report(report: ImportReport) -> None:
    """Errors and warnings naming sheet, row and column, then what the import understood."""
    if report.errors:
        st.error(
            f"Filen kan inte läsas in: {format_count(len(report.errors), 'fel', 'fel')}. "
            "Inget har sparats. Rätta i filen och ladda upp den igen.",
            icon=":material/block:",
        )
    elif not report.is_accepted:
        st.error(
            "Filen innehåller inga aktiviteter som går att läsa in. Inget har sparats.",
            icon=":material/block:",
        )
    else:
        warnings = (
            f", med {format_count(len(report.warnings), 'varning', 'varningar')} att titta på"
            if report.warnings
            else ""
        )
        st.success(
            f"Filen går att läsa in: "
            f"{format_count(report.activity_count, 'aktivitet', 'aktiviteter')}{warnings}. "
            "Kontrollera nedan och tryck sedan på **Spara**.",
            icon=":material/check_circle:",
        )
    if report.issues:
        st.subheader("Fel och varningar", anchor=False)
        st.table(issues_table(report.issues), hide_index=True)
    if not report.column_mapping and not report.agreements:
        return
    st.subheader("Så här lästes filen", anchor=False)
    for parsed in report.agreements:
        agreement = parsed.agreement
        lpo = f", lokalpolisområde {escape_markdown(agreement.lpo)}" if agreement.lpo else ""
        st.markdown(
            f"**{escape_markdown(agreement.kommun)}**{lpo}, period {agreement.period_label}: "
            f"{format_count(len(parsed.activities), 'aktivitet', 'aktiviteter')} i "
            f"{format_count(len(parsed.focus_areas), 'fokusområde', 'fokusområden')}."
        )
    if report.agreements:
        st.table(focus_area_counts_table(report), hide_index=True)
    sheets = ", ".join(f"”{escape_markdown(s)}”" for s in report.column_mapping)
    if sheets:
        st.markdown(f"Blad som lästes: {sheets}.")
    for number, (sheet, mapping) in enumerate(report.column_mapping.items()):
        with st.expander(
            f"Kolumnerna på bladet ”{escape_markdown(sheet)}”",
            icon=":material/table_chart:",
            expanded=number == 0,
        ):
            st.table(column_mapping_table(mapping), hide_index=True)
    if report.activity_count:
        with st.expander("Slutdatum som de skrevs och hur de tolkades", icon=":material/event:"):
            st.table(due_dates_table(report), hide_index=True)


def render_save(preview: Preview) -> None:
    """The Spara button for an accepted file; after saving, what changed against the plan before."""
    saved = st.session_state.get(_SAVED_KEY)
    if isinstance(saved, SavedUpload) and saved.sha256 == preview.sha256:
        _render_saved(saved)
        return
    if not is_accepted(preview.outcome):
        return
    name = shell.current_user_name()
    if name == shell.LOCAL_USER:
        name = (
            st.text_input(
                "Ditt namn (visas i historiken)",
                key="uppladdad_av",
                placeholder="t.ex. Anna Lindqvist",
            ).strip()
            or shell.LOCAL_USER
        )
    kommuner = file_kommuner(preview.outcome)
    allowed = auth.may_write_here(kommuner)
    if not allowed:
        st.warning(write_refusal(auth.current_user(), kommuner), icon=":material/lock:")
    st.button(
        "Spara",
        type="primary",
        icon=":material/save:",
        on_click=_save,
        args=(preview, name),
        disabled=not allowed,
    )


def file_kommuner(outcome: ImportOutcome) -> list[str]:
    """The kommuner a file's data belongs to (a plan's agreements, or a survey's values)."""
    if outcome.survey is not None:
        return list(outcome.survey.kommuner)
    return list(dict.fromkeys(p.agreement.kommun for p in outcome.report.agreements))


def _save(preview: Preview, uploaded_by: str) -> None:
    """Store the file; a callback runs before the sidebar draws, so it may choose the agreement.

    The user's right to write for the file's kommuner is checked again here, on the server:
    a disabled button in the browser is no guard.
    """
    saved = SavedUpload(sha256=preview.sha256)
    kommuner = file_kommuner(preview.outcome)
    if not auth.may_write_here(kommuner):
        saved.refusal = write_refusal(auth.current_user(), kommuner)
        auth.audit(AuditAction.REFUSED, f"Uppladdning av {preview.file_name}", ", ".join(kommuner))
        st.session_state[_SAVED_KEY] = saved
        return
    if shell.current_user_name() != shell.LOCAL_USER:
        uploaded_by = shell.current_user_name()
    try:
        summary = save_outcome(
            preview.outcome, preview.data, db_path=db_path(), uploaded_by=uploaded_by
        )
    except StoreBusy:
        saved.problem = "Databasen används just nu – vänta en stund och tryck Spara igen."
        st.session_state[_SAVED_KEY] = saved
        return
    saved.summary = summary
    if not summary.already_imported:
        auth.audit(
            AuditAction.UPLOAD,
            f"{preview.file_name} (uppladdning {summary.upload_id})",
            ", ".join(kommuner),
        )
    if preview.outcome.survey is not None:
        saved.survey_values = len(preview.outcome.survey.values)
        st.session_state[_SAVED_KEY] = saved
        return
    names = {a.id: a.kommun for a in load_agreements()}
    plan_agreements = [
        b.agreement_id
        for b in summary.batches
        if b.agreement_id is not None and b.kind is PlanKind.PLAN
    ]
    for agreement_id in plan_agreements:
        history = load_upload_history(agreement_id)
        saved.changes[names.get(agreement_id, "")] = changes_of_upload(history, summary.upload_id)
    if plan_agreements:
        shell.select_agreement(plan_agreements[0])
    st.session_state[_SAVED_KEY] = saved


def _render_saved(saved: SavedUpload) -> None:
    if saved.refusal:
        st.error(saved.refusal, icon=":material/lock:")
        del st.session_state[_SAVED_KEY]
        return
    if saved.problem:
        st.warning(saved.problem, icon=":material/hourglass_top:")
        del st.session_state[_SAVED_KEY]
        return
    summary = saved.summary
    assert summary is not None
    if summary.already_imported:
        st.info("Filen var redan inläst – inget sparades en gång till.", icon=":material/info:")
        return
    if saved.survey_values:
        st.success(
            f"Sparat: {format_count(saved.survey_values, 'mätvärde', 'mätvärden')}. "
            "Översikten och målen bedöms nu mot de nya värdena.",
            icon=":material/check_circle:",
        )
        st.page_link("pages/oversikt.py", label="Till översikten", icon=":material/dashboard:")
        return
    rows = sum(b.rows for b in summary.batches)
    st.success(
        f"Sparat: {format_count(rows, 'aktivitet', 'aktiviteter')}. "
        "Alla sidor visar nu den nya planen.",
        icon=":material/check_circle:",
    )
    render_carried_confidentiality(summary.confidential)
    st.subheader("Det här ändrades", anchor=False)
    for kommun, changes in saved.changes.items():
        if changes is None:
            st.markdown(f"**{escape_markdown(kommun)}:** den första planen för överenskommelsen.")
            continue
        st.markdown(f"**{escape_markdown(kommun)}:** {changes_line(changes)}.")
        render_changes(changes)
    st.page_link("pages/oversikt.py", label="Till översikten", icon=":material/dashboard:")
