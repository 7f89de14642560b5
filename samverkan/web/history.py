"""One row of the upload history: when, who, which file, rows, warnings, changes, download.

Plan uploads (with what each changed) and survey uploads (with their years) alike. The
original file is offered only to someone who may write for every kommun with rows in it
(access.may_take_original), and its bytes are fetched on the click, in a server thread,
after the same check is made again against the store (history.fetch_original_for).
"""

from __future__ import annotations

import streamlit as st

from samverkan import store
from samverkan.access import may_see_kommun, may_take_original, may_write
from samverkan.changes_since import changes_line
from samverkan.checkins import changes_text
from samverkan.history import fetch_original_for
from samverkan.models import CheckIn, SurveyUploadEntry, Upload, UploadHistoryEntry, UserAccount
from samverkan.swedish import format_count, format_datetime, format_file_size, format_percent
from samverkan.web import auth
from samverkan.web.changes_view import render_changes
from samverkan.web.data import db_path
from samverkan.web.format import escape_markdown
from samverkan.web.rollback import (
    Entry,
    render_withdraw_button,
    render_withdraw_confirmation,
    withdrawal_mark,
)


def render_upload_row(entry: UploadHistoryEntry, *, original: bool = True) -> None:
    """The upload in a bordered row, its changes folded away, its original a click away.

    `original` False leaves the download out (a reader: the file may hold ej offentlig rows);
    so does an upload with rows of a kommun the user may not write for.
    """
    batch = entry.batch
    summary = (
        f"{format_count(batch.rows, 'aktivitet', 'aktiviteter')} · "
        f"{format_count(batch.warnings, 'varning', 'varningar')} · "
        f"{format_percent(entry.progress)} genomfört"
    )
    if entry.checkin is not None:  # a check-in: what it changed, and no file to take out
        summary = checkin_summary(entry.checkin) + f"  \n{format_percent(entry.progress)} genomfört"
    with st.container(border=True):
        _render_upload_top(entry, summary, original=original and entry.checkin is None)
        if batch.withdrawn:
            st.caption("Räknas inte: planen före den gäller i stället, tills den återställs.")
        elif entry.changes is None:
            st.caption("Den första planen: inget att jämföra med.")
        else:
            with st.expander(f"Ändringar: {changes_line(entry.changes)}"):
                render_changes(entry.changes)


def render_survey_upload_row(entry: SurveyUploadEntry, *, original: bool = True) -> None:
    """A survey upload in a bordered row: when, who, file, values and years, withdraw."""
    batch = entry.batch
    years = (
        f" · år {entry.first_year}–{entry.last_year}"
        if entry.first_year is not None and entry.first_year != entry.last_year
        else (f" · år {entry.first_year}" if entry.first_year is not None else "")
    )
    with st.container(border=True):
        _render_upload_top(
            entry, f"{format_count(batch.rows, 'värde', 'värden')}{years}", original=original
        )
        if batch.withdrawn:
            st.caption("Räknas inte: värdena visas inte på Trygghet och mål, tills den återställs.")


def _render_upload_top(entry: Entry, summary: str, *, original: bool) -> None:
    """When, who and which file; the summary (and the withdrawal); the original; withdraw."""
    upload, batch = entry.upload, entry.batch
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.markdown(_upload_line(upload))
        st.markdown(summary + (f"  \n:orange[{withdrawal_mark(entry)}]" if batch.withdrawn else ""))
        if original:
            _render_original(entry)
        render_withdraw_button(entry)
    render_withdraw_confirmation(entry)


def checkin_summary(checkin: CheckIn) -> str:
    """'B4 Riktade …: status Pågår → Genomförd, …' with the reason and comment (Markdown)."""
    lines = [
        f"**{escape_markdown(checkin.activity_key)} {escape_markdown(checkin.title)}:** "
        f"{escape_markdown(changes_text(checkin))}"
    ]
    if checkin.reason:
        lines.append(f"Skäl: {escape_markdown(checkin.reason)}")
    return "  \n".join(lines)


def _upload_line(upload: Upload) -> str:
    """'**26 november 2026 kl. 09.30** · Anna Lindqvist' and the file, size and number; a
    check-in: 'Incheckning i appen · uppladdning 6'."""
    if upload.is_checkin:
        return (
            f"**{format_datetime(upload.uploaded_at)}** · {escape_markdown(upload.uploaded_by)}"
            f"  \nIncheckning i appen · uppladdning {upload.id}"
        )
    return (
        f"**{format_datetime(upload.uploaded_at)}** · {escape_markdown(upload.uploaded_by)}"
        f"  \n{escape_markdown(upload.file_name)} ({format_file_size(upload.size)})"
        f" · uppladdning {upload.id}"
    )


def _render_original(entry: Entry) -> None:
    """The file exactly as uploaded, read from the store only when it is asked for and allowed.

    The download runs outside the script (no session there), so the user is taken along and
    their rights are read again from the store when the bytes are asked for.
    """
    upload, user = entry.upload, auth.current_user()
    if not may_take_original(user, entry.kommuner):
        st.caption(original_refusal(user, entry.kommuner))
        return
    st.download_button(
        "Originalfilen",
        data=lambda: _original_bytes(upload.id, user),
        file_name=upload.file_name,
        icon=":material/download:",
        on_click="ignore",
        key=f"original_{upload.id}_{entry.batch.id}",
    )


def original_refusal(user: UserAccount | None, kommuner: list[str]) -> str:
    """Why the original is not offered: 'Originalfilen har rader även för Burlöv, som …'.

    Only kommuner the user may see are named; the others are "andra kommuner", so the words
    never tell which other kommuner have plans here (access.visible_agreements).
    """
    others = [k for k in kommuner if not may_write(user, k)]
    if not others:
        return "Originalfilen kan bara laddas ned av den som får ändra kommunens plan."
    parts = [k for k in others if may_see_kommun(user, k)]
    if len(parts) < len(others):
        parts.append("andra kommuner")
    named = ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else parts[0]
    return (
        f"Originalfilen har rader även för {named}, som ditt konto inte får ändra, så den kan "
        "bara laddas ned av den som får ändra för alla kommuner i filen."
    )


class OriginalRefused(PermissionError):
    """The user may no longer take this original (their rights changed after the page drew)."""


def _original_bytes(upload_id: int, user: UserAccount | None) -> bytes:
    with store.open_store(db_path()) as con:
        data = fetch_original_for(con, upload_id, user, auth.actor_label(user))
    if data is None:
        raise OriginalRefused(f"upload {upload_id}: refused")
    return data
