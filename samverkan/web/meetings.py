"""The meeting register on the page: the ten-second form and the list.

Parts (its cached reads, load_meetings and load_changes_since, are in web/data.py):
- render_meeting_form: date (today), body, note; saved in the button's callback, then
  render_saved_notice says so
- render_meeting_list: the agreement's meetings, latest first, each removable; an upcoming
  styrgrupp meeting has the button that e-mails the owners their lists (meeting_reminders)
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from samverkan import store
from samverkan.access import write_refusal
from samverkan.models import Agreement, AuditAction, Meeting, MeetingBody
from samverkan.privacy import typed_personal_number
from samverkan.store.meetings import delete_meeting, save_meeting
from samverkan.swedish import format_date
from samverkan.web import auth
from samverkan.web.data import db_path
from samverkan.web.format import escape_markdown
from samverkan.web.meeting_reminders import is_upcoming_steering_meeting, render_reminder_button

_SAVED_KEY = "sparat_mote"
_REFUSED_KEY = "nekat_mote"
_FORM_KEY = "nytt_mote"
BODY_LABELS = {
    MeetingBody.STEERING_GROUP: "Styrgrupp",
    MeetingBody.WORKING_GROUP: "Beredningsgrupp",
    MeetingBody.LOCAL_BRA: "Lokala BRÅ",
    MeetingBody.KSAU: "KSAU",
    MeetingBody.OTHER: "Annat",
}


def meeting_label(meeting: Meeting) -> str:
    """'Styrgrupp 23 oktober 2026'."""
    return f"{BODY_LABELS[meeting.body]} {format_date(meeting.held_on)}"


def render_meeting_form(agreement: Agreement) -> None:
    """Date (today), body and a note for the decisions: one click to save (for those who may)."""
    if not auth.may_write_here([agreement.kommun]):
        st.caption("Möten registreras av kommunens samordnare.")
        return
    with st.form(_FORM_KEY, clear_on_submit=True, border=True):
        with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
            st.date_input(
                "Datum",
                value=dt.date.today(),
                format="YYYY-MM-DD",
                key=f"{_FORM_KEY}_datum",
                width=160,
            )
            st.selectbox(
                "Organ",
                list(MeetingBody),
                format_func=lambda b: BODY_LABELS[b],
                key=f"{_FORM_KEY}_organ",
                width=200,
            )
            st.text_input(
                "Anteckning",
                placeholder="t.ex. beslut som fattades",
                max_chars=2000,
                key=f"{_FORM_KEY}_anteckning",
            )
        st.form_submit_button(
            "Spara mötet",
            icon=":material/event_available:",
            type="primary",
            on_click=_save,
            args=(agreement.id, agreement.kommun),
        )


def render_saved_notice() -> None:
    """Say that the meeting was saved, or why not (outside the expander, which folds on rerun)."""
    saved = st.session_state.pop(_SAVED_KEY, None)
    if isinstance(saved, str):
        st.success(saved, icon=":material/check_circle:")
    refused = st.session_state.pop(_REFUSED_KEY, None)
    if isinstance(refused, str):
        st.warning(refused, icon=":material/lock:")


def _save(agreement_id: int, kommun: str) -> None:
    """Store the form's meeting (in the button's callback, before the page reads meetings).

    The right to write is checked again here, on the server: a hidden form is not the guard.
    """
    if not auth.may_write_here([kommun]):
        st.session_state[_REFUSED_KEY] = write_refusal(auth.current_user(), [kommun])
        auth.audit(AuditAction.REFUSED, "Registrera möte", kommun)
        return
    held_on = st.session_state.get(f"{_FORM_KEY}_datum")
    body = st.session_state.get(f"{_FORM_KEY}_organ")
    note = st.session_state.get(f"{_FORM_KEY}_anteckning")
    if not isinstance(held_on, dt.date) or not isinstance(body, MeetingBody):
        st.session_state[_REFUSED_KEY] = "Ange mötets datum och organ."
        return
    refusal = typed_personal_number(note if isinstance(note, str) else None, "Anteckningen")
    if refusal:
        st.session_state[_REFUSED_KEY] = refusal
        return
    with store.open_store(db_path()) as con:
        meeting = save_meeting(
            con, agreement_id, held_on, body, note if isinstance(note, str) else None
        )
    st.session_state[_SAVED_KEY] = f"Mötet är sparat: {meeting_label(meeting)}."
    auth.audit(AuditAction.MEETING, meeting_label(meeting), kommun)


def render_meeting_list(meetings: list[Meeting], kommun: str) -> None:
    """The meetings, latest first, with their notes; a mistaken one can be removed."""
    if not meetings:
        st.caption("Inga möten är registrerade ännu.")
        return
    may_remove = auth.may_write_here([kommun])
    for meeting in meetings:
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            note = f" – {escape_markdown(meeting.note)}" if meeting.note else ""
            st.markdown(f"**{meeting_label(meeting)}**{note}")
            if not may_remove:
                continue
            if is_upcoming_steering_meeting(meeting, dt.date.today()):
                render_reminder_button(meeting, kommun)
            st.button(
                "Ta bort",
                key=f"ta_bort_mote_{meeting.id}",
                icon=":material/delete:",
                type="tertiary",
                on_click=_delete,
                args=(meeting, kommun),
                help="Ta bort mötet ur registret (om det lades till av misstag)",
            )


def _delete(meeting: Meeting, kommun: str) -> None:
    if not auth.may_write_here([kommun]):
        st.session_state[_REFUSED_KEY] = write_refusal(auth.current_user(), [kommun])
        auth.audit(AuditAction.REFUSED, "Ta bort möte", kommun)
        return
    with store.open_store(db_path()) as con:
        delete_meeting(con, meeting.id)
    auth.audit(AuditAction.MEETING_REMOVED, meeting_label(meeting), kommun)
