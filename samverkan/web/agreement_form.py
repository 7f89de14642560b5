"""The Överenskommelse page's forms: a new agreement and a new period, and saving them.

Parts:
- render_notice: what the last save said (kept in session state across the rerun)
- render_mode_choice: Ändra / Ny överenskommelse / Ny period
- render_create_form: kommun, LPO, period, title and kind of a new agreement
- render_new_period_form: a new period from the chosen agreement, focus areas and goals copied
- save_checked: validate against the store's other agreements, then save in one transaction

Creating runs in the submit button's callback, before the script, so it can choose the new
agreement in the sidebar (a widget's value may not be set once the sidebar has drawn it).
A callback runs outside app.py's error guard, so it turns every failure into a sentence.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from samverkan import store
from samverkan.access import write_refusal
from samverkan.agreement import (
    copy_to_new_period,
    default_period,
    lpo_suggestions,
    next_period,
    validate_definition,
)
from samverkan.kommuner import KOMMUNER
from samverkan.models import Agreement, AgreementDefinition, AgreementKind, AuditAction
from samverkan.store.agreements import fetch_agreement_definition, save_agreement_definition
from samverkan.store.audit import save_audit_entry
from samverkan.swedish import format_count
from samverkan.web import auth, shell
from samverkan.web.data import db_path
from samverkan.web.format import escape_markdown

MODE_KEY = "overenskommelse_lage"
MODE_EDIT = "Ändra"
MODE_CREATE = "Ny överenskommelse"
MODE_NEW_PERIOD = "Ny period"
MODE_CONFIDENTIAL = "Ej offentliga aktiviteter"
MODE_OWNERS = "E-post till ansvariga"
_MODES = (MODE_EDIT, MODE_CREATE, MODE_NEW_PERIOD, MODE_CONFIDENTIAL, MODE_OWNERS)
_NOTICE_KEY = "overenskommelse_meddelande"
_FIRST_DAY = dt.date(1990, 1, 1)
_LAST_DAY = dt.date(2100, 12, 31)
KIND_LABELS = {
    AgreementKind.STRATEGIC: "Strategisk (flera år)",
    AgreementKind.OPERATIVE: "Operativ (ett år)",
}
SAVE_FAILED = (
    "Något gick fel när överenskommelsen skulle sparas. Inget har ändrats. Försök igen; om "
    "felet kommer tillbaka, kontakta den som sköter Samverkan."
)
_LOG = logging.getLogger("samverkan.web")


@dataclass
class Notice:
    """What the last attempt to save said: a success, or the reasons nothing was saved."""

    ok: bool
    text: str
    details: list[str] = field(default_factory=list)


def set_notice(notice: Notice) -> None:
    """Keep the notice for the page's next run."""
    st.session_state[_NOTICE_KEY] = notice


def render_notice() -> None:
    """Show the last save's outcome: a refusal once, a success until something replaces it."""
    notice = st.session_state.get(_NOTICE_KEY)
    if not isinstance(notice, Notice):
        return
    if notice.ok:
        # It stays while the tables are edited (each edit reruns the page), until the next
        # save or another choice of what to do replaces it.
        st.success(notice.text, icon=":material/check_circle:")
        return
    details = "\n".join(f"- {escape_markdown(d)}" for d in notice.details)
    st.error(f"{notice.text}\n\n{details}".strip(), icon=":material/error:")
    del st.session_state[_NOTICE_KEY]


def forget_notice() -> None:
    """Take the last notice away (another action has begun)."""
    st.session_state.pop(_NOTICE_KEY, None)


def guarded_save(save: Callable[[], None], what: str) -> None:
    """Run a Spara callback, which runs outside app.py's error guard: a busy store or any
    failure becomes the page's notice (nothing saved), never a traceback."""
    forget_notice()
    try:
        save()
    except store.StoreBusy:
        set_notice(Notice(False, store.BUSY_MESSAGE))
    except Exception:
        _LOG.exception("Saving %s failed", what)
        set_notice(Notice(False, SAVE_FAILED))


def render_mode_choice(has_agreement: bool) -> str:
    """What the coordinator wants to do; without an agreement, only to create one."""
    if not has_agreement:
        return MODE_CREATE
    if st.session_state.get(MODE_KEY) not in _MODES:
        st.session_state[MODE_KEY] = MODE_EDIT
    chosen = st.segmented_control(
        "Vad vill du göra?",
        list(_MODES),
        key=MODE_KEY,
        required=True,
        on_change=forget_notice,
    )
    return str(chosen or MODE_EDIT)


def save_checked(definition: AgreementDefinition) -> tuple[int | None, list[str]]:
    """Validate against the store's other agreements and save; (id, []) or (None, reasons).

    Every agreement write passes here, so here the user's right is checked on the server:
    the kommun it names, and for an existing agreement the kommun it had.
    """
    with store.open_store(db_path()) as con:
        agreements = store.fetch_agreements(con)
        kommuner = [definition.agreement.kommun] + [
            a.kommun for a in agreements if a.id == definition.agreement.id
        ]
        if not auth.may_write_here(kommuner):
            refusal = write_refusal(auth.current_user(), kommuner)
            save_audit_entry(
                con,
                auth.actor_label(auth.current_user()),
                AuditAction.REFUSED,
                "Ändring av överenskommelse",
                kommun=definition.agreement.kommun,
            )
            return None, [refusal]
        messages = validate_definition(definition, agreements)
        if messages:
            return None, messages
        agreement_id = save_agreement_definition(con, definition)
        save_audit_entry(
            con,
            auth.actor_label(auth.current_user()),
            AuditAction.AGREEMENT,
            f"{definition.agreement.kommun} {definition.agreement.period_label}: "
            f"{len(definition.focus_areas)} fokusområden, {len(definition.goals)} mål"
            + ("" if definition.agreement.id else " (ny)"),
            kommun=definition.agreement.kommun,
        )
        return agreement_id, []


def lpo_options(agreements: Sequence[Agreement], current: str | None = None) -> list[str]:
    """The lokalpolisområden to suggest (the current one included)."""
    names = lpo_suggestions(agreements)
    if current and current not in names:
        names.insert(0, current)
    return names


def render_create_form(agreements: Sequence[Agreement]) -> None:
    """The form for a new agreement; saving happens in the button's callback."""
    start, end = default_period(dt.date.today())
    with st.form("ny_overenskommelse_form", border=True, enter_to_submit=False):
        st.subheader("Ny överenskommelse", anchor=False)
        left, right = st.columns(2)
        with left:
            st.selectbox(
                "Kommun",
                KOMMUNER,
                index=None,
                placeholder="Välj kommun",
                key="ny_kommun",
            )
            st.date_input(
                "Period från",
                value=start,
                min_value=_FIRST_DAY,
                max_value=_LAST_DAY,
                format="YYYY-MM-DD",
                key="ny_start",
            )
            st.radio(
                "Typ",
                list(AgreementKind),
                index=0,
                format_func=KIND_LABELS.__getitem__,
                horizontal=True,
                key="ny_typ",
            )
        with right:
            st.selectbox(
                "Lokalpolisområde",
                lpo_options(agreements),
                index=None,
                placeholder="Välj eller skriv ett nytt",
                accept_new_options=True,
                key="ny_lpo",
            )
            st.date_input(
                "Period till",
                value=end,
                min_value=_FIRST_DAY,
                max_value=_LAST_DAY,
                format="YYYY-MM-DD",
                key="ny_slut",
            )
            st.text_input(
                "Titel",
                placeholder="t.ex. Samverkansöverenskommelse 2027–2030",
                key="ny_titel",
            )
        st.form_submit_button(
            "Skapa överenskommelsen",
            type="primary",
            icon=":material/add_circle:",
            on_click=_create,
        )


def _create() -> None:
    state = st.session_state
    kommun, start, end = state.get("ny_kommun"), state.get("ny_start"), state.get("ny_slut")
    missing = []
    if not kommun:
        missing.append("Välj kommun.")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        missing.append("Ange periodens första och sista dag.")
    if missing or not isinstance(start, dt.date) or not isinstance(end, dt.date):
        set_notice(Notice(False, "Överenskommelsen skapades inte:", missing))
        return
    agreement = Agreement(
        kommun=str(kommun),
        lpo=str(state.get("ny_lpo") or "").strip() or None,
        title=str(state.get("ny_titel") or "").strip() or None,
        period_start=start,
        period_end=end,
        kind=state.get("ny_typ") or AgreementKind.STRATEGIC,
    )
    definition = AgreementDefinition(agreement=agreement)
    _save_new(
        definition,
        f"Överenskommelsen för {agreement.kommun} {agreement.period_label} är skapad. "
        "Lägg till fokusområden och mål nedan och spara.",
        "Överenskommelsen skapades inte:",
    )


def render_new_period_form(agreement: Agreement) -> None:
    """Start the agreement's next period: its focus areas and goals come along."""
    start, end = next_period(agreement)
    with st.form(f"ny_period_form_{agreement.id}", border=True, enter_to_submit=False):
        st.subheader("Ny period", anchor=False)
        st.markdown(
            f"Starta nästa period för **{escape_markdown(agreement.kommun)}** efter "
            f"{agreement.period_label}. Fokusområdena som gäller vid periodens slut och deras "
            "mål följer med (basvärdena behålls, målåret flyttas till nya periodens sista år); "
            "sedan går de att ändra här."
        )
        left, right = st.columns(2)
        left.date_input(
            "Period från",
            value=start,
            min_value=_FIRST_DAY,
            max_value=_LAST_DAY,
            format="YYYY-MM-DD",
            key=f"ny_period_start_{agreement.id}",
        )
        right.date_input(
            "Period till",
            value=end,
            min_value=_FIRST_DAY,
            max_value=_LAST_DAY,
            format="YYYY-MM-DD",
            key=f"ny_period_slut_{agreement.id}",
        )
        st.form_submit_button(
            "Starta den nya perioden",
            type="primary",
            icon=":material/event_repeat:",
            on_click=_start_new_period,
            args=(agreement.id,),
        )


def _start_new_period(agreement_id: int) -> None:
    start = st.session_state.get(f"ny_period_start_{agreement_id}")
    end = st.session_state.get(f"ny_period_slut_{agreement_id}")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        set_notice(
            Notice(False, "Perioden startades inte:", ["Ange periodens första och sista dag."])
        )
        return
    try:
        with store.open_store(db_path()) as con:
            previous = fetch_agreement_definition(con, agreement_id)
    except store.StoreBusy:
        set_notice(Notice(False, store.BUSY_MESSAGE))
        return
    if previous is None:
        set_notice(Notice(False, "Överenskommelsen finns inte längre. Välj en annan."))
        return
    copied = copy_to_new_period(previous, start, end)
    label = copied.agreement.period_label
    _save_new(
        copied,
        f"Ny period {label} för {copied.agreement.kommun} är skapad med "
        f"{format_count(len(copied.focus_areas), 'fokusområde', 'fokusområden')} och "
        f"{len(copied.goals)} mål från "
        f"{previous.agreement.period_label}.",
        "Perioden startades inte:",
    )


def _save_new(definition: AgreementDefinition, success: str, refused: str) -> None:
    """Save a new agreement, then choose it in the sidebar and show it for editing."""
    try:
        agreement_id, messages = save_checked(definition)
    except store.StoreBusy:
        set_notice(Notice(False, store.BUSY_MESSAGE))
        return
    except Exception:
        _LOG.exception("Saving a new agreement failed")
        set_notice(Notice(False, SAVE_FAILED))
        return
    if agreement_id is None:
        set_notice(Notice(False, refused, messages))
        return
    # The address may name another kommun or day, and the sidebar follows the address.
    for name in ("kommun", "lpo", "dag"):
        if name in st.query_params:
            del st.query_params[name]
    shell.select_agreement(agreement_id)
    st.session_state[MODE_KEY] = MODE_EDIT
    set_notice(Notice(True, success))
