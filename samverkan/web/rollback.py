"""Withdrawing an upload from the Historik page, and restoring it: who may, confirm, do, say.

Who may is decided in one place, `access.may_withdraw` (an admin; issue 7); `can_withdraw()`
asks it for the person here (in local mode the person at the machine is admin; served mode
the logged-in user). The check is made again when the action runs, not only when the button
is drawn, and each withdrawal, restore or refusal goes into the audit log.
"""

from __future__ import annotations

import streamlit as st

from samverkan import store
from samverkan.access import WITHDRAW_REFUSAL
from samverkan.models import AuditAction, PlanKind, SurveyUploadEntry, UploadHistoryEntry
from samverkan.store.rollback import (
    CheckInsOnTop,
    UploadNotFound,
    set_upload_withdrawn,
    withdraw_refusal,
)
from samverkan.swedish import format_date, format_datetime
from samverkan.web import auth
from samverkan.web.data import db_path
from samverkan.web.format import escape_markdown

_CONFIRM_KEY = "bekrafta_tillbakadragning"
# A plan's upload or a survey's: both have the upload, its batch and the withdrawal.
Entry = UploadHistoryEntry | SurveyUploadEntry
_MESSAGE_KEY = "tillbakadragning_meddelande"


def can_withdraw() -> bool:
    """True when the person here may withdraw and restore uploads (an admin; access.py)."""
    return auth.may_withdraw_here()


def current_user() -> str:
    """Who is acting, as the withdrawal log records it."""
    return auth.actor_label(auth.current_user())


def withdrawal_mark(entry: Entry) -> str:
    """'Tillbakadragen 2 dec 2026 kl. 16.40 av lokal användare' (markdown), or '' if it counts."""
    if not entry.batch.withdrawn:
        return ""
    withdrawal = entry.withdrawal
    if withdrawal is None:
        return "**Tillbakadragen**"
    return (
        f"**Tillbakadragen {format_datetime(withdrawal.changed_at)} av "
        f"{escape_markdown(withdrawal.changed_by)}**"
    )


def render_withdraw_button(entry: Entry) -> None:
    """'Dra tillbaka' (asks first) or 'Återställ' for those who may; nothing for others."""
    if not can_withdraw():
        return
    upload_id, batch_id = entry.upload.id, entry.batch.id
    if entry.batch.withdrawn:
        st.button(
            "Återställ",
            icon=":material/restore:",
            key=f"aterstall_{upload_id}_{batch_id}",
            on_click=_apply,
            args=(upload_id, False, entry.batch.kind),
        )
    else:
        st.button(
            "Dra tillbaka",
            icon=":material/undo:",
            key=f"dra_tillbaka_{upload_id}_{batch_id}",
            on_click=_ask,
            args=(upload_id,),
        )


def render_withdraw_confirmation(entry: Entry) -> None:
    """The second step: what withdrawing does, then 'Ja, dra tillbaka' or 'Avbryt'."""
    if entry.batch.withdrawn or st.session_state.get(_CONFIRM_KEY) != entry.upload.id:
        return
    if not can_withdraw():
        return
    effect = (
        "Dess mätvärden räknas då inte; där en tidigare uppladdning har samma år och "
        "indikator gäller den igen."
        if entry.batch.kind is PlanKind.SURVEY
        else "Planen före den gäller då igen på alla sidor."
    )
    st.warning(
        f"Dra tillbaka uppladdningen från {format_date(entry.upload.uploaded_at.date())} "
        f"({escape_markdown(entry.upload.file_name)})? {effect} Inget raderas: uppladdningen "
        "står kvar här, markerad, och kan återställas.",
        icon=":material/warning:",
    )
    with st.container(horizontal=True):
        st.button(
            "Ja, dra tillbaka",
            type="primary",
            key=f"bekrafta_{entry.upload.id}_{entry.batch.id}",
            on_click=_apply,
            args=(entry.upload.id, True, entry.batch.kind),
        )
        st.button("Avbryt", key=f"avbryt_{entry.upload.id}_{entry.batch.id}", on_click=_cancel)


def render_withdrawal_message() -> None:
    """What the last withdrawal or restore did, shown once at the top of the page."""
    message = st.session_state.pop(_MESSAGE_KEY, None)
    if message is None:
        return
    ok, text = message
    if ok:
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(text, icon=":material/error:")


def _ask(upload_id: int) -> None:
    st.session_state[_CONFIRM_KEY] = upload_id


def _cancel() -> None:
    st.session_state.pop(_CONFIRM_KEY, None)


def _apply(upload_id: int, withdrawn: bool, kind: PlanKind = PlanKind.PLAN) -> None:
    """Withdraw or restore, checking the right again; the outcome becomes a sentence."""
    st.session_state.pop(_CONFIRM_KEY, None)
    if not can_withdraw():
        auth.audit(AuditAction.REFUSED, f"Dra tillbaka/återställa uppladdning {upload_id}")
        _say(False, WITHDRAW_REFUSAL)
        return
    try:
        with store.open_store(db_path()) as con:
            changed = set_upload_withdrawn(con, upload_id, withdrawn, changed_by=current_user())
    except store.StoreBusy:
        _say(False, "Databasen används just nu – försök igen om en stund. Inget ändrades.")
        return
    except UploadNotFound:
        _say(False, "Uppladdningen finns inte längre. Inget ändrades.")
        return
    except CheckInsOnTop as exc:
        _say(False, withdraw_refusal(exc))
        return
    if changed:
        auth.audit(
            AuditAction.WITHDRAWAL if withdrawn else AuditAction.RESTORE,
            f"Uppladdning {upload_id} " + ("tillbakadragen" if withdrawn else "återställd"),
        )
    if not changed:
        _say(True, "Uppladdningen var redan " + ("tillbakadragen." if withdrawn else "gällande."))
    elif withdrawn:
        effect = (
            "dess mätvärden räknas inte längre"
            if kind is PlanKind.SURVEY
            else "planen före den gäller nu på alla sidor"
        )
        _say(True, f"Uppladdningen är tillbakadragen: {effect}. Den kan återställas härifrån.")
    else:
        _say(True, "Uppladdningen är återställd och gäller igen.")


def _say(ok: bool, text: str) -> None:
    st.session_state[_MESSAGE_KEY] = (ok, text)
