"""The meeting register's send button: every owner's list by e-mail before a steering meeting.

Beside an upcoming styrgrupp meeting, for those who may write the kommun, "Påminn de
ansvariga" opens a dialog with every e-mail that would go out (one expander each, as the
owner will read it), then one button sends them. What was previewed is what is sent: the
preview is kept in the session and the send uses it. The right to write is checked again
when the send runs. The week's rule (reminders.find_earlier_send): a scheduled reminder sent
days before does not hold this send back, the same list sent for the same meeting does.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from samverkan import store
from samverkan.access import write_refusal
from samverkan.mail import KommunReminders, MailError, prepare_reminders, read_mail_settings
from samverkan.mail import send_reminders as send_by_smtp
from samverkan.models import AuditAction, Meeting, MeetingBody
from samverkan.reminders import reminder_counts, reminder_subject, reminder_text
from samverkan.swedish import format_count, format_date, format_datetime
from samverkan.web import auth
from samverkan.web.data import db_path
from samverkan.web.format import escape_markdown

_PREVIEW_KEY = "paminnelser_forhandsvisning"
_RESULT_KEY = "paminnelser_resultat"


def is_upcoming_steering_meeting(meeting: Meeting, today: dt.date) -> bool:
    """A styrgrupp meeting today or later: the one owners are reminded before."""
    return meeting.body is MeetingBody.STEERING_GROUP and meeting.held_on >= today


def render_reminder_button(meeting: Meeting, kommun: str) -> None:
    """The button that opens the preview (the caller shows it only to those who may write)."""
    if st.button(
        "Påminn de ansvariga",
        key=f"paminn_{meeting.id}",
        icon=":material/forward_to_inbox:",
        type="secondary",
        help="Förhandsgranska och skicka varje ansvarigs lista via e-post inför mötet.",
    ):
        st.session_state.pop(_PREVIEW_KEY, None)
        st.session_state.pop(_RESULT_KEY, None)
        _preview(meeting, kommun)


@st.dialog("Påminn de ansvariga inför mötet", width="large")
def _preview(meeting: Meeting, kommun: str) -> None:
    if not auth.may_write_here([kommun]):
        st.warning(write_refusal(auth.current_user(), [kommun]), icon=":material/lock:")
        return
    result = st.session_state.get(_RESULT_KEY)
    if isinstance(result, tuple):
        _render_result(*result)
        return
    prepared = _prepared(meeting, kommun)
    st.markdown(
        f"Styrgruppens möte **{format_date(meeting.held_on)}**, {kommun}: varje adress i "
        "e-postregistret får sin lista – det som är försenat, uppföljningar som saknas och det "
        "som ska vara klart de närmaste 14 dagarna."
    )
    if not _has_something(prepared):
        return
    for item in prepared.outgoing:
        reminder = item.reminder
        held = f" – skickades redan {format_datetime(item.earlier.sent_at)}" if item.earlier else ""
        # The address in code marks: Markdown would make it a mailto link inside the toggle.
        label = f"`{reminder.email}` – {', '.join(reminder_counts(reminder))}{held}"
        with st.expander(label, icon=":material/mail:"):
            st.markdown(f"**Ämne:** {escape_markdown(reminder_subject(reminder))}")
            st.text(reminder_text(reminder, read_mail_settings().link_base))
    waiting = prepared.to_send
    if len(waiting) < len(prepared.outgoing):
        st.caption(
            "Den som redan fått samma lista inför det här mötet får den inte igen samma vecka."
        )
    settings = read_mail_settings()
    if settings.refusals():
        st.warning(
            "E-post kan inte skickas härifrån ännu: "
            + " ".join(settings.refusals())
            + " Den som sköter Samverkan ställer in det (README, Påminnelser via e-post).",
            icon=":material/settings:",
        )
        return
    if not waiting:
        st.info("Alla har redan fått sin lista inför mötet.", icon=":material/done_all:")
        return
    counted = format_count(len(waiting), "e-postmeddelande", "e-postmeddelanden")
    if st.button(f"Skicka {counted}", type="primary", icon=":material/send:"):
        _send(prepared, meeting, kommun)
        st.rerun(scope="fragment")


def _prepared(meeting: Meeting, kommun: str) -> KommunReminders:
    """The preview, made once per opening of the dialog and kept: the send sends it."""
    kept = st.session_state.get(_PREVIEW_KEY)
    if isinstance(kept, KommunReminders) and kept.kommun.casefold() == kommun.casefold():
        return kept
    with store.open_store(db_path()) as con:
        prepared = prepare_reminders(con, kommun, dt.datetime.now().astimezone(), meeting=meeting)
    st.session_state[_PREVIEW_KEY] = prepared
    return prepared


def _has_something(prepared: KommunReminders) -> bool:
    if prepared.agreement is None:
        st.info("Ingen överenskommelse löper i dag, så det finns inget att påminna om.")
        return False
    if not prepared.registered:
        st.info(
            "E-postregistret är tomt. Lägg in de ansvarigas adresser på Överenskommelse, under "
            "E-post till ansvariga.",
            icon=":material/contact_mail:",
        )
        return False
    if not prepared.outgoing:
        st.success(
            "Ingen ansvarig har något försenat, någon uppföljning som saknas eller något som ska "
            "vara klart de närmaste 14 dagarna. Inget behöver skickas.",
            icon=":material/check_circle:",
        )
        return False
    return True


def _send(prepared: KommunReminders, meeting: Meeting, kommun: str) -> None:
    if not auth.may_write_here([kommun]):
        auth.audit(AuditAction.REFUSED, "Påminnelser via e-post", kommun)
        st.session_state[_RESULT_KEY] = ([], [], write_refusal(auth.current_user(), [kommun]))
        return
    actor = auth.actor_label(auth.current_user())
    try:
        outcome = send_by_smtp(
            read_mail_settings(),
            prepared.to_send,
            db_path(),
            actor,
            dt.datetime.now().astimezone(),
        )
    except MailError as exc:
        st.session_state[_RESULT_KEY] = ([], [], str(exc))
        return
    if outcome.accepted:
        auth.audit(
            AuditAction.REMINDERS,
            f"Påminnelser via e-post inför styrgruppens möte {format_date(meeting.held_on)}: "
            + format_count(len(outcome.accepted), "adress", "adresser"),
            kommun,
        )
    st.session_state[_RESULT_KEY] = (outcome.accepted, outcome.failed, None)


def _render_result(accepted: list[str], failed: list[tuple[str, str]], error: str | None) -> None:
    if error:
        st.error(error, icon=":material/error:")
    if accepted:
        st.success(
            f"Skickat till {format_count(len(accepted), 'adress', 'adresser')}: "
            + ", ".join(accepted)
            + ".",
            icon=":material/mark_email_read:",
        )
    for email, why in failed:
        st.error(f"Inte skickat till {email}: {why}.", icon=":material/error:")
    if failed:
        st.caption("Det som inte skickades är inte markerat som skickat; försök igen senare.")
