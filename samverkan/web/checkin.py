"""The check-in form (issue 18): one tap on an activity's card (Snabbkoll, Fokusområde's cards)
or its row (Fokusområde's table) opens it in a dialog that fits a phone.

Parts:
- checkin_action: the "Checka in" button a card draws, only for someone who may check in that
  activity (access.may_check_in); None when the user may check in nothing here, so a reader's
  cards are as before
- render_checkin_picker: under Fokusområde's table, the activities the user may check in
- render_checkin_dialog: the form (Genomförd with its day, a new status, a new due date with
  its reason, bedömning, a short comment), saved through checkins.record_checkin, which looks
  the activity up again and checks the user's right on the server (a value in session state
  is never trusted for what the activity is or who may change it)
- render_checkin_confirmation: "Sparat: …" in the card just checked in (holds_saved_checkin:
  whether a folded group holds it, so the page opens that group)

Every cached read is keyed by the store's version (web/data.py), so the page drawn after a
save reads the new version: the card shows the new state at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from samverkan import store
from samverkan.access import LOCAL_ADMIN, may_check_in
from samverkan.checkins import (
    MAX_COMMENT_LENGTH,
    MAX_REASON_LENGTH,
    checkin_sentence,
    record_checkin,
)
from samverkan.models import (
    Activity,
    Agreement,
    Assessment,
    CheckInRequest,
    Commitment,
    Role,
    Status,
    UserAccount,
    status_word,
)
from samverkan.swedish import format_date
from samverkan.web import auth, shell
from samverkan.web.data import db_path, load_agreements, load_plan_status
from samverkan.web.format import ASSESSMENT_BADGES, escape_markdown, format_party

_OPEN_KEY = "incheckning_oppen"
_DONE_KEY = "incheckning_sparad"
_PICKER_KEY = "incheckning_val"
_NAME_KEY = "incheckad_av"
_TOAST_KEY = "incheckning_toast"
_PROBLEMS_KEY = "incheckning_problem"
_STATUSES = [s for s in Status if s is not Status.DONE]  # Genomförd is its own switch

CheckinAction = Callable[[Commitment], None]


def checkin_action(user: UserAccount | None) -> CheckinAction | None:
    """What a card draws for the check-in: its button where the user may; None for a user who
    may check in nothing (no button anywhere, the cards as they were)."""
    if user is None:
        return None
    if user.role is Role.READER and user.party is None:
        return None

    def action(commitment: Commitment) -> None:
        agreement, activity = commitment.agreement, commitment.view.activity
        render_checkin_confirmation(agreement, activity)
        if agreement.id is None or not may_check_in(user, agreement, activity):
            return
        st.button(
            "Checka in",
            icon=":material/edit_note:",
            key=f"checka_in_{agreement.id}_{activity.activity_key}",
            on_click=_open,
            args=(agreement.id, activity.activity_key),
            help="Genomförd, ny status, nytt slutdatum, bedömning eller en kort kommentar",
        )

    return action


def render_checkin_picker(agreement: Agreement, activities: list[Activity]) -> None:
    """Under a table: choosing an activity opens its check-in (only those the user may)."""
    user = auth.current_user()
    allowed = [a for a in activities if agreement.id and may_check_in(user, agreement, a)]
    if not allowed or agreement.id is None:
        return
    labels = {a.activity_key: f"{a.activity_key} – {a.title}" for a in allowed}
    st.selectbox(
        "Checka in en aktivitet",
        list(labels),
        index=None,
        format_func=lambda key: labels[key],
        placeholder="Välj aktivitet: genomförd, ny status, slutdatum, bedömning …",
        key=f"{_PICKER_KEY}_{agreement.id}",
        on_change=_open_from_picker,
        args=(agreement.id,),
        width=520,
    )
    for activity in allowed:
        render_checkin_confirmation(agreement, activity)


def render_checkin_confirmation(agreement: Agreement, activity: Activity) -> None:
    """'Sparat: … markerad som genomförd', once, in the card (or under the table) just saved."""
    done = st.session_state.get(_DONE_KEY)
    if not done or (done[0], done[1]) != (agreement.id, activity.activity_key):
        return
    st.success(done[2], icon=":material/check_circle:")


def holds_saved_checkin(commitments: list[Commitment]) -> bool:
    """True when the check-in just saved is among these cards (its group is opened)."""
    done = st.session_state.get(_DONE_KEY)
    if not done:
        return False
    return any(
        (c.agreement.id, c.view.activity.activity_key) == (done[0], done[1]) for c in commitments
    )


def render_checkin_dialog() -> None:
    """At the page's end: the saved check-in's toast (seen wherever the page is scrolled to),
    then the open check-in's dialog, if one is open and the user may check it in."""
    st.session_state.pop(_DONE_KEY, None)  # its card has drawn it, or is not on the page
    toast = st.session_state.pop(_TOAST_KEY, None)
    if toast:
        st.toast(toast, icon=":material/check_circle:")
    opened = st.session_state.get(_OPEN_KEY)
    if not opened:
        return
    agreement_id, key = opened
    found = _find(agreement_id, key)
    user = auth.current_user()
    if found is None or not may_check_in(user, found[0], found[1]):
        st.session_state.pop(_OPEN_KEY, None)  # a stale or forged choice opens nothing
        return
    _dialog(found[0], found[1])


def _open(agreement_id: int, key: str) -> None:
    st.session_state[_OPEN_KEY] = (agreement_id, key)


def _open_from_picker(agreement_id: int) -> None:
    key = st.session_state.get(f"{_PICKER_KEY}_{agreement_id}")
    st.session_state[f"{_PICKER_KEY}_{agreement_id}"] = None
    if key:
        _open(agreement_id, str(key))


def _close() -> None:
    st.session_state.pop(_OPEN_KEY, None)


def _find(agreement_id: object, key: object) -> tuple[Agreement, Activity] | None:
    """The agreement and its current activity, looked up by id (not taken from the browser)."""
    if not isinstance(agreement_id, int) or not isinstance(key, str):
        return None
    agreement = next((a for a in load_agreements() if a.id == agreement_id), None)
    status = load_plan_status(agreement_id, None) if agreement else None
    if agreement is None or status is None:
        return None
    view = next((v for v in status.activities if v.activity.activity_key == key), None)
    return (agreement, view.activity) if view else None


@st.dialog("Checka in", width="medium", on_dismiss=_close)
def _dialog(agreement: Agreement, activity: Activity) -> None:
    """The form: what is done, what changed, and Spara (saved in its callback, _save)."""
    if st.session_state.get(_OPEN_KEY) is None:
        st.rerun()  # saved (or closed) from inside the dialog: the whole page draws again
    prefix = f"ci_{agreement.id}_{activity.activity_key}"
    st.markdown(f"**{escape_markdown(activity.title)}**")
    due = format_date(activity.due) if activity.due else "inget"
    st.caption(
        f"ID {escape_markdown(activity.activity_key)} · {escape_markdown(agreement.kommun)} · "
        f"{format_party(activity.party)} · nu {status_word(activity.status)}, slutdatum {due}"
    )
    today = dt.date.today()
    if st.toggle(
        "Genomförd",
        value=False,
        key=f"{prefix}_klar",
        help="Markera aktiviteten som genomförd, i dag eller ett tidigare datum.",
    ):
        st.date_input(
            "Genomförd den",
            value=today,
            min_value=agreement.period_start,
            max_value=today,
            format="YYYY-MM-DD",
            key=f"{prefix}_datum",
        )
    else:
        st.selectbox(
            "Ny status",
            _STATUSES,
            index=None,
            placeholder=f"Oförändrad ({status_word(activity.status)})",
            key=f"{prefix}_status",
        )
    new_due = st.date_input(
        "Nytt slutdatum",
        value=None,
        min_value=agreement.period_start,
        max_value=dt.date(2100, 12, 31),
        format="YYYY-MM-DD",
        key=f"{prefix}_slut",
        help="Lämna tomt om slutdatumet står kvar.",
    )
    if isinstance(new_due, dt.date) and new_due != activity.due:
        st.text_input(
            "Skäl till nytt slutdatum",
            max_chars=MAX_REASON_LENGTH,
            key=f"{prefix}_skal",
            placeholder="t.ex. Väntar på skolans schema",
        )
    st.segmented_control(
        "Bedömning",
        list(Assessment),
        format_func=lambda a: f"{ASSESSMENT_BADGES[a][0]} {a.value}",
        key=f"{prefix}_bedomning",
        help="Lämna tom om bedömningen står kvar.",
    )
    st.text_area(
        "Kort kommentar",
        max_chars=MAX_COMMENT_LENGTH,
        height=80,
        key=f"{prefix}_kommentar",
        placeholder="Vad hände? Inga personuppgifter.",
    )
    if shell.current_user_name() == shell.LOCAL_USER:
        st.text_input("Ditt namn (visas i historiken)", key=_NAME_KEY)
    for problem in st.session_state.pop(_PROBLEMS_KEY, None) or []:
        st.error(problem, icon=":material/error:")
    with st.container(horizontal=True):
        st.button(
            "Spara",
            type="primary",
            icon=":material/save:",
            key=f"{prefix}_spara",
            on_click=_save,
            args=(agreement, activity),
        )
        st.button("Avbryt", key=f"{prefix}_avbryt", on_click=_close)


def request_from_form(prefix: str) -> CheckInRequest:
    """What the dialog's fields ask for (a field not drawn, such as the reason, is None)."""
    state = st.session_state
    done = bool(state.get(f"{prefix}_klar"))
    done_on = state.get(f"{prefix}_datum") if done else None
    due = state.get(f"{prefix}_slut")
    due = due if isinstance(due, dt.date) else None
    status = state.get(f"{prefix}_status")
    return CheckInRequest(
        status=Status.DONE if done else (status if isinstance(status, Status) else None),
        done_on=done_on if isinstance(done_on, dt.date) else (dt.date.today() if done else None),
        due=due,
        reason=state.get(f"{prefix}_skal") if due is not None else None,
        assessment=state.get(f"{prefix}_bedomning"),
        comment=state.get(f"{prefix}_kommentar"),
    )


def _save(agreement: Agreement, activity: Activity) -> None:
    """Spara's callback: record the check-in (the right checked again on the server, the
    activity looked up again by its id); on success the dialog closes, else it says why."""
    user = auth.current_user()
    name = shell.current_user_name()
    if user == LOCAL_ADMIN:
        name = str(st.session_state.get(_NAME_KEY) or "").strip() or shell.LOCAL_USER
    actor = name if user == LOCAL_ADMIN else auth.actor_label(user)
    request = request_from_form(f"ci_{agreement.id}_{activity.activity_key}")
    assert agreement.id is not None
    try:
        with store.open_store(db_path()) as con:
            result = record_checkin(con, user, actor, agreement.id, activity.activity_key, request)
    except store.StoreBusy:
        st.session_state[_PROBLEMS_KEY] = [
            "Databasen används just nu – försök igen om en stund. Inget har sparats."
        ]
        return
    if not result.saved:
        st.session_state[_PROBLEMS_KEY] = result.problems
        return
    assert result.checkin is not None
    st.session_state[_DONE_KEY] = (agreement.id, activity.activity_key, result.message)
    st.session_state[_TOAST_KEY] = checkin_sentence(result.checkin, short=True)
    st.session_state.pop(_OPEN_KEY, None)
