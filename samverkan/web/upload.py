"""The Ladda upp page's steps: preview a file, show what the import understood, save, compare.

Why one module: the steps share one file's session state (its preview, the kommun and the
day chosen for it, what Spara did) and run in this order on every rerun.

The preview is kept in session state keyed by the file's sha256, the kommun and the column
choices, so a rerun (a click anywhere) never reads the file again. Saving runs in the
button's callback, before the script, so it can also choose the new agreement in the sidebar.
A file is a plan or a survey (trygghetsmätning, Kolada), told by the import from its content.

Parts:
- preview_upload: the import without storing (importing.import_workbook, save=False), once
  per file, kommun and column choices, with the column choices remembered for the kommun
- render_kommun_choice: when the file does not say its kommun, choosing it is the next step
- render_preview: a plan's column choices and report (upload_preview), or a survey's values
- render_save: the check-ins the file contradicts (a choice per row, upload_preview), the day
  the plan held (the command line's --uploaded-at), the confirm button in a bar that stays in
  view, and after it what changed against the previous plan
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from samverkan.access import write_refusal
from samverkan.changes_since import changes_line
from samverkan.checkins import conflict_choices
from samverkan.excel.guard import max_upload_bytes
from samverkan.excel.plan import ImportOptions
from samverkan.history import changes_of_upload
from samverkan.importing.pipeline import (
    ImportOutcome,
    find_checkin_conflicts,
    import_workbook,
    is_accepted,
    save_outcome,
)
from samverkan.importing.sandbox import keep_spare_child
from samverkan.kommuner import KOMMUNER
from samverkan.models import (
    AuditAction,
    ChangesSince,
    CheckInConflict,
    ImportIssue,
    ImportReport,
    ImportSummary,
    IssueCode,
    PlanKind,
)
from samverkan.store import StoreBusy
from samverkan.swedish import format_count, format_date, format_number
from samverkan.web import auth, shell
from samverkan.web.changes_view import render_changes
from samverkan.web.column_choice import chosen_columns, render_column_choices
from samverkan.web.confidentiality_editor import render_carried_confidentiality
from samverkan.web.data import db_path, load_agreements, load_upload_history
from samverkan.web.format import escape_markdown
from samverkan.web.survey_upload import render_survey_report
from samverkan.web.upload_preview import (
    chosen_file_wins,
    render_checkin_conflicts,
    render_import_report,
)

_PREVIEW_KEY = "forhandsvisning"
_SAVED_KEY = "sparad_uppladdning"
_KOMMUN_KEY = "vald_kommun"
_AS_OF_KEY = "planen_gallde_per"
_SAVE_BAR_KEY = "spara_rad"
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
    # The day the plan was saved as holding, when it was not today.
    as_of: dt.date | None = None
    changes: dict[str, ChangesSince | None] = field(default_factory=dict)


def render_file_uploader() -> UploadedFile | None:
    """The xlsx uploader, its built-in English words replaced by Swedish ones."""
    # The child process the file will be read in starts now, while a file is chosen.
    keep_spare_child()
    limit = format_number(upload_limit_mb(), 1)
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


def upload_limit_mb() -> float:
    """The limit a person meets, in MB: the smaller of the browser's and the import's.

    Streamlit's server.maxUploadSize (.streamlit/config.toml) stops a file in the browser,
    the guard's SAMVERKAN_MAX_UPLOAD_MB on the server; a deployment that lowers only one must
    not have the page promise the other.
    """
    return min(float(st.get_option("server.maxUploadSize")), max_upload_bytes() / 1024 / 1024)


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
    survey = preview.outcome.survey
    if survey is not None:
        waiting = needs_kommun(preview.report)
        if waiting:
            survey = survey.model_copy(update={"issues": _other_issues(preview.report)})
        render_survey_report(survey, waiting_for_kommun=waiting)
        return
    if preview.memory_unavailable:
        st.warning(
            "Databasen används just nu, så kolumnvalen från förra uppladdningen kunde inte "
            "hämtas. Vänta en stund och ladda upp filen igen, eller välj kolumnerna nedan.",
            icon=":material/hourglass_top:",
        )
    render_column_choices(preview.sha256, preview.outcome)
    waiting = needs_kommun(preview.report)
    render_import_report(
        without_kommun_step(preview.report) if waiting else preview.report,
        sheets=preview.outcome.sheets,
        column_choices=preview.outcome.column_mapping,
        waiting_for_kommun=waiting,
    )


def without_kommun_step(report: ImportReport) -> ImportReport:
    """The report without the findings that choosing the kommun on the page puts right."""
    return report.model_copy(update={"issues": _other_issues(report)})


def _other_issues(report: ImportReport) -> list[ImportIssue]:
    return [i for i in report.issues if not (i in report.errors and i.code in _KOMMUN_CODES)]


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
    if needs_kommun(preview.report):
        # A step, not an error: the file is fine, the page only needs to know the kommun.
        unknown = any(i.code is IssueCode.KOMMUN_UNKNOWN for i in preview.report.errors)
        why = (
            "Filen anger en kommun som inte finns bland Sveriges kommuner."
            if unknown
            else "Filen säger inte vilken kommun den gäller."
        )
        st.info(f"{why} Välj kommun ovan för att fortsätta.", icon=":material/arrow_upward:")


def render_save(preview: Preview) -> None:
    """Spara for an accepted file, in a bar that stays at the foot of the window while the
    preview above is read; after saving, what changed against the plan before."""
    saved = st.session_state.get(_SAVED_KEY)
    if isinstance(saved, SavedUpload) and saved.sha256 == preview.sha256:
        _render_saved(saved)
        return
    if not is_accepted(preview.outcome):
        return
    kommuner = file_kommuner(preview.outcome)
    allowed = auth.may_write_here(kommuner)
    if not allowed:
        st.warning(write_refusal(auth.current_user(), kommuner), icon=":material/lock:")
    elif preview.outcome.survey is None:
        render_checkin_conflicts(_conflicts(preview), _conflict_key(preview))
    # Sticky on a screen wide enough for one row (name 230 + day 170 + Spara fit the 535-pixel
    # main column of 1024 px with the sidebar open); on a phone the bar is the page's end.
    st.html(
        "<style>@media (min-width:640px){"
        f"[data-testid='stLayoutWrapper']:has(> .st-key-{_SAVE_BAR_KEY}),"
        f".st-key-{_SAVE_BAR_KEY}{{position:sticky;bottom:0;z-index:3;"
        "background:var(--st-background-color, #fff);"
        "box-shadow:0 -1px 0 rgba(49,51,63,0.2);padding:0.5rem 0 0.75rem}}}"
        "</style>"
    )
    with st.container(key=_SAVE_BAR_KEY, horizontal=True, vertical_alignment="bottom", gap="small"):
        name = shell.current_user_name()
        if name == shell.LOCAL_USER:
            name = (
                st.text_input(
                    "Ditt namn (visas i historiken)",
                    key="uppladdad_av",
                    placeholder="t.ex. Anna Lindqvist",
                    width=230,
                ).strip()
                or shell.LOCAL_USER
            )
        problem = None
        if preview.outcome.survey is None:
            day = st.date_input(
                "Planen gällde per",
                value=dt.date.today(),
                min_value=_FIRST_DAY,
                max_value=_LAST_DAY,
                format="YYYY-MM-DD",
                key=f"{_AS_OF_KEY}_{preview.sha256[:16]}",
                width=170,
                help="Dagen planen visar läget för. I dag för en ny plan; ett tidigare datum "
                "för en äldre plan som ska ligga i historiken (t.ex. förra årets plan per 31 "
                "december), så räknas den som den plan som gällde då.",
            )
            problem = upload_day_problem(day if isinstance(day, dt.date) else None)
        st.button(
            "Spara",
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(preview, name),
            disabled=not allowed or problem is not None,
        )
    if problem:
        st.error(problem, icon=":material/event_busy:")


_FIRST_DAY = dt.date(1990, 1, 1)
# Far enough ahead that the field takes a mistyped future day, so the page can say why not.
_LAST_DAY = dt.date(2100, 12, 31)


def upload_day_problem(day: dt.date | None, today: dt.date | None = None) -> str | None:
    """Why a plan cannot be saved as holding on `day` (in Swedish); None when it can."""
    today = today or dt.date.today()
    if day is None:
        return "Ange dagen planen gällde per (ÅÅÅÅ-MM-DD)."
    if day > today:
        return (
            f"Planen kan inte sparas per {format_date(day)}: den dagen har inte kommit än. "
            "Välj i dag eller ett tidigare datum."
        )
    return None


def uploaded_at_for(day: dt.date | None, today: dt.date | None = None) -> dt.datetime | None:
    """When the upload is recorded: now for today (None), else the start of the chosen day,
    as the command line's --uploaded-at records it."""
    if day is None or day >= (today or dt.date.today()):
        return None
    return dt.datetime.combine(day, dt.time())


def _conflict_key(preview: Preview) -> str:
    return f"incheckning_konflikt_{preview.sha256[:16]}"


def _conflicts(preview: Preview, day: dt.date | None = None) -> list[CheckInConflict]:
    """Where the plan contradicts a check-in made after the agreement's last file."""
    if day is None:
        chosen = st.session_state.get(f"{_AS_OF_KEY}_{preview.sha256[:16]}")
        day = chosen if isinstance(chosen, dt.date) else None
    try:
        return find_checkin_conflicts(
            preview.report,
            db_path=db_path(),
            uploaded_at=uploaded_at_for(day),
            wait_seconds=_PREVIEW_WAIT_SECONDS,
        )
    except StoreBusy:
        return []  # the save looks again, and keeps every check-in unless told otherwise


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
    day = st.session_state.get(f"{_AS_OF_KEY}_{preview.sha256[:16]}")
    day = day if isinstance(day, dt.date) and preview.outcome.survey is None else None
    problem = upload_day_problem(day) if preview.outcome.survey is None else None
    if problem:
        saved.problem = problem
        st.session_state[_SAVED_KEY] = saved
        return
    kommuner = file_kommuner(preview.outcome)
    if not auth.may_write_here(kommuner):
        saved.refusal = write_refusal(auth.current_user(), kommuner)
        auth.audit(AuditAction.REFUSED, f"Uppladdning av {preview.file_name}", ", ".join(kommuner))
        st.session_state[_SAVED_KEY] = saved
        return
    if shell.current_user_name() != shell.LOCAL_USER:
        uploaded_by = shell.current_user_name()
    # The conflicts are found again when it is saved; a check-in made since keeps its value.
    file_wins = chosen_file_wins(_conflicts(preview, day), _conflict_key(preview))
    try:
        summary = save_outcome(
            preview.outcome,
            preview.data,
            db_path=db_path(),
            uploaded_by=uploaded_by,
            uploaded_at=uploaded_at_for(day),
            file_wins=file_wins,
        )
    except StoreBusy:
        saved.problem = "Databasen används just nu – vänta en stund och tryck Spara igen."
        st.session_state[_SAVED_KEY] = saved
        return
    saved.summary = summary
    saved.as_of = day if uploaded_at_for(day) is not None else None
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
    if saved.as_of is not None:
        st.success(
            f"Sparat: {format_count(rows, 'aktivitet', 'aktiviteter')}, som planen per "
            f"{format_date(saved.as_of)}. Den finns nu i historiken och i rapporterna för den "
            "tiden; sidorna visar den plan som gäller senast.",
            icon=":material/check_circle:",
        )
    else:
        st.success(
            f"Sparat: {format_count(rows, 'aktivitet', 'aktiviteter')}. "
            "Alla sidor visar nu den nya planen.",
            icon=":material/check_circle:",
        )
    render_carried_confidentiality(summary.confidential)
    if summary.checkin_conflicts:
        won = len(summary.file_won)
        kept = len(conflict_choices(summary.checkin_conflicts)) - won
        st.info(
            f"Incheckningar i appen: {format_count(kept, 'behölls', 'behölls')}"
            + (f", {won} fick filens värde" if won else "")
            + ".",
            icon=":material/edit_note:",
        )
    st.subheader("Det här ändrades", anchor=False)
    for kommun, changes in saved.changes.items():
        if changes is None:
            st.markdown(f"**{escape_markdown(kommun)}:** den första planen för överenskommelsen.")
            continue
        st.markdown(f"**{escape_markdown(kommun)}:** {changes_line(changes)}.")
        render_changes(changes)
    st.page_link("pages/oversikt.py", label="Till översikten", icon=":material/dashboard:")
