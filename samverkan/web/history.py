"""One row of the upload history: when, who, which file, rows, warnings, changes, download.

Plan uploads (with what each changed) and survey uploads (with their years) alike.
"""

from __future__ import annotations

import streamlit as st

from samverkan.models import SurveyUploadEntry, UploadHistoryEntry
from samverkan.web.data import load_upload_original
from samverkan.web.format import (
    escape_markdown,
    format_count,
    format_datetime,
    format_file_size,
    format_percent,
)
from samverkan.web.rollback import (
    render_withdraw_button,
    render_withdraw_confirmation,
    withdrawal_mark,
)
from samverkan.web.views import changes_line, render_changes


def render_upload_row(entry: UploadHistoryEntry, *, original: bool = True) -> None:
    """The upload in a bordered row, its changes folded away, its original a click away.

    `original` False leaves the download out (a reader: the file may hold ej offentlig rows).
    """
    upload, batch = entry.upload, entry.batch
    with st.container(border=True):
        with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
            st.markdown(
                f"**{format_datetime(upload.uploaded_at)}** · {escape_markdown(upload.uploaded_by)}"
                f"  \n{escape_markdown(upload.file_name)} ({format_file_size(upload.size)})"
                f" · uppladdning {upload.id}"
            )
            st.markdown(
                f"{format_count(batch.rows, 'aktivitet', 'aktiviteter')} · "
                f"{format_count(batch.warnings, 'varning', 'varningar')} · "
                f"{format_percent(entry.progress)} genomfört"
                + (f"  \n:orange[{withdrawal_mark(entry)}]" if batch.withdrawn else "")
            )
            if original:
                st.download_button(
                    "Originalfilen",
                    data=lambda: load_upload_original(upload.id),
                    file_name=upload.file_name,
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    icon=":material/download:",
                    on_click="ignore",
                    key=f"original_{upload.id}_{batch.id}",
                )
            render_withdraw_button(entry)
        render_withdraw_confirmation(entry)
        if batch.withdrawn:
            st.caption("Räknas inte: planen före den gäller i stället, tills den återställs.")
        elif entry.changes is None:
            st.caption("Den första planen: inget att jämföra med.")
        else:
            with st.expander(f"Ändringar: {changes_line(entry.changes)}"):
                render_changes(entry.changes)


def render_survey_upload_row(entry: SurveyUploadEntry, *, original: bool = True) -> None:
    """A survey upload in a bordered row: when, who, file, values and years, withdraw."""
    upload, batch = entry.upload, entry.batch
    years = (
        f" · år {entry.first_year}–{entry.last_year}"
        if entry.first_year is not None and entry.first_year != entry.last_year
        else (f" · år {entry.first_year}" if entry.first_year is not None else "")
    )
    with st.container(border=True):
        with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
            st.markdown(
                f"**{format_datetime(upload.uploaded_at)}** · {escape_markdown(upload.uploaded_by)}"
                f"  \n{escape_markdown(upload.file_name)} ({format_file_size(upload.size)})"
                f" · uppladdning {upload.id}"
            )
            st.markdown(
                f"{format_count(batch.rows, 'värde', 'värden')}{years}"
                + (f"  \n:orange[{withdrawal_mark(entry)}]" if batch.withdrawn else "")
            )
            if original:
                st.download_button(
                    "Originalfilen",
                    data=lambda: load_upload_original(upload.id),
                    file_name=upload.file_name,
                    icon=":material/download:",
                    on_click="ignore",
                    key=f"original_{upload.id}_{batch.id}",
                )
            render_withdraw_button(entry)
        render_withdraw_confirmation(entry)
        if batch.withdrawn:
            st.caption("Räknas inte: värdena visas inte på Trygghet och mål, tills den återställs.")
