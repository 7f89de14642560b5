"""One row of the upload history: when, who, which file, rows, warnings, changes, download.

Plan uploads (with what each changed) and survey uploads (with their years) alike.
"""

from __future__ import annotations

import streamlit as st

from samverkan.models import ImportBatch, SurveyUploadEntry, Upload, UploadHistoryEntry
from samverkan.web.data import load_upload_original
from samverkan.web.format import (
    escape_markdown,
    format_count,
    format_datetime,
    format_file_size,
    format_percent,
)
from samverkan.web.rollback import (
    Entry,
    render_withdraw_button,
    render_withdraw_confirmation,
    withdrawal_mark,
)
from samverkan.web.views import changes_line, render_changes


def render_upload_row(entry: UploadHistoryEntry, *, original: bool = True) -> None:
    """The upload in a bordered row, its changes folded away, its original a click away.

    `original` False leaves the download out (a reader: the file may hold ej offentlig rows).
    """
    batch = entry.batch
    with st.container(border=True):
        _render_upload_top(
            entry,
            f"{format_count(batch.rows, 'aktivitet', 'aktiviteter')} · "
            f"{format_count(batch.warnings, 'varning', 'varningar')} · "
            f"{format_percent(entry.progress)} genomfört",
            original=original,
        )
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
            _render_original_button(upload, batch)
        render_withdraw_button(entry)
    render_withdraw_confirmation(entry)


def _upload_line(upload: Upload) -> str:
    """'**26 november 2026 kl. 09.30** · Anna Lindqvist' and the file, size and number."""
    return (
        f"**{format_datetime(upload.uploaded_at)}** · {escape_markdown(upload.uploaded_by)}"
        f"  \n{escape_markdown(upload.file_name)} ({format_file_size(upload.size)})"
        f" · uppladdning {upload.id}"
    )


def _render_original_button(upload: Upload, batch: ImportBatch) -> None:
    """The file exactly as uploaded, read from the store only when it is asked for."""
    st.download_button(
        "Originalfilen",
        data=lambda: load_upload_original(upload.id),
        file_name=upload.file_name,
        icon=":material/download:",
        on_click="ignore",
        key=f"original_{upload.id}_{batch.id}",
    )
