"""The Överenskommelse page's e-mail register: where each owner's reminders go.

One row per owner the kommun's current plan names (as the plan writes it), with how many
commitments they have, and an e-mail field; owners only in the register (gone from the plan)
stay listed with 0. Spara checks the user's right for the kommun again on the server and
every changed address (reminders.email_refusal: one plain address, nothing that could add a
header); one refusal and nothing is saved. Saved in one transaction and logged. Widget keys
carry a revision that grows with each save, so the table starts again from the store.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from samverkan import store
from samverkan.access import write_refusal
from samverkan.mail import read_mail_settings
from samverkan.models import AuditAction, OwnerSeen, StoredAgreement
from samverkan.reminders import HORIZON_DAYS, email_refusal, owners_seen
from samverkan.store.audit import save_audit_entry
from samverkan.store.reminders import fetch_owner_addresses, save_owner_addresses
from samverkan.swedish import format_count
from samverkan.web import auth
from samverkan.web.agreement_form import Notice, guarded_save, set_notice
from samverkan.web.data import db_path, load_plan_status

_REVISION_KEY = "e_postregister_revision"
OWNER, COUNT, EMAIL = "Ansvarig", "Åtaganden", "E-post"


def render_owner_register(agreement: StoredAgreement) -> None:
    """The owners with their e-mail fields, and Spara (for those who may write the kommun)."""
    st.subheader("E-post till ansvariga", anchor=False)
    st.markdown(
        "De ansvariga får en påminnelse via e-post om det som är försenat, uppföljningar som "
        f"saknas och det som ska vara klart de närmaste {HORIZON_DAYS} dagarna, med en länk "
        "till sin lista i Snabbkoll. Ange en adress per ansvarig, som planen skriver dem; "
        "flera ansvariga kan ha samma adress. Lämna tomt för den som inte ska få e-post. "
        "Ej offentliga åtaganden räknas bara, de nämns aldrig i e-posten."
    )
    rows = load_owners(agreement)
    if not rows:
        st.info(
            "Planen namnger inga ansvariga ännu. Ladda upp aktivitetsplanen först; kolumnen "
            "Ansvarig ger listan här.",
            icon=":material/info:",
        )
        return
    key = f"e_postregister_{agreement.id}_{st.session_state.get(_REVISION_KEY, 0)}"
    st.data_editor(
        _frame(rows),
        key=key,
        hide_index=True,
        width="stretch",
        height="content",
        disabled=[OWNER, COUNT],
        column_config={
            OWNER: st.column_config.TextColumn(OWNER, width="medium"),
            EMAIL: st.column_config.TextColumn(
                EMAIL,
                width="medium",
                max_chars=320,
                help="En adress, t.ex. namn@kommun.se (utan namn framför).",
            ),
            COUNT: st.column_config.NumberColumn(
                COUNT, width=100, help="Hur många åtaganden den aktuella planen ger den ansvariga."
            ),
        },
    )
    allowed = auth.may_write_here([agreement.kommun])
    if not allowed:
        st.info(write_refusal(auth.current_user(), [agreement.kommun]), icon=":material/lock:")
    st.button(
        "Spara adresserna",
        type="primary",
        icon=":material/save:",
        key=f"spara_{key}",
        on_click=_save,
        args=(agreement, rows, key),
        disabled=not allowed,
    )
    render_sending_note()


def render_sending_note() -> None:
    """How the e-mails go out, and what is missing for them to."""
    settings = read_mail_settings()
    note = (
        "E-posten skickas av `samverkan remind` (en gång om dagen eller i veckan, som driften "
        "har ställt in) och med knappen vid ett kommande styrgruppsmöte på Förändringar. "
        "Samma påminnelse går inte till samma adress två gånger samma vecka."
    )
    if settings.refusals():
        note += " Ingen e-postserver är inställd ännu: det gör den som sköter Samverkan."
    st.caption(note)


def load_owners(agreement: StoredAgreement) -> list[OwnerSeen]:
    """The owners of the current plan with their addresses (the register is read uncached: it
    is read only here and at a send, and must show a save at once)."""
    status = load_plan_status(agreement.id, None)
    with store.open_store(db_path()) as con:
        register = fetch_owner_addresses(con, agreement.kommun)
    return owners_seen([status] if status else [], register)


def _frame(rows: list[OwnerSeen]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            # The address beside the owner: on a phone the count is what scrolls out of view.
            OWNER: [r.owner for r in rows],
            EMAIL: [r.email or "" for r in rows],
            COUNT: [r.commitments for r in rows],
        }
    )


def chosen_addresses(rows: list[OwnerSeen], edits: object) -> dict[str, str | None]:
    """The addresses the editor changed, by owner (an emptied field is None)."""
    edited = dict(edits.get("edited_rows") or {}) if isinstance(edits, dict) else {}
    chosen: dict[str, str | None] = {}
    for index, change in edited.items():
        position = int(index)
        if 0 <= position < len(rows) and EMAIL in change:
            text = str(change[EMAIL] or "")
            if text.strip() != (rows[position].email or ""):
                chosen[rows[position].owner] = text if text.strip() else None
    return chosen


def refusals(chosen: dict[str, str | None]) -> list[str]:
    """'Fritid/UKF: Ange en enda e-postadress, …' for each address that is not one."""
    found = []
    for owner, email in chosen.items():
        refusal = email_refusal(email) if email is not None else None
        if refusal:
            found.append(f"{owner}: {refusal}")
    return found


def _save(agreement: StoredAgreement, rows: list[OwnerSeen], key: str) -> None:
    """Spara's callback (agreement_form.guarded_save: never a traceback)."""
    guarded_save(lambda: _save_addresses(agreement, rows, key), "the e-mail register")


def _save_addresses(agreement: StoredAgreement, rows: list[OwnerSeen], key: str) -> None:
    user = auth.current_user()
    actor = auth.actor_label(user)
    with store.open_store(db_path()) as con:
        if not auth.may_write_here([agreement.kommun]):
            save_audit_entry(
                con,
                actor,
                AuditAction.REFUSED,
                "Ändring av e-postregistret",
                kommun=agreement.kommun,
            )
            set_notice(Notice(False, write_refusal(user, [agreement.kommun])))
            return
        chosen = chosen_addresses(rows, st.session_state.get(key))
        found = refusals(chosen)
        if found:
            set_notice(Notice(False, "Inget har sparats: rätta adresserna och spara igen.", found))
            return
        if not chosen:
            set_notice(Notice(True, "Inget ändrades: alla adresser var redan sparade."))
            return
        cleaned = {o: (e.strip() if e else None) for o, e in chosen.items()}
        save_owner_addresses(con, agreement.kommun, cleaned, actor)
        described = ", ".join(f"{o}: {e or 'ingen adress'}" for o, e in cleaned.items())
        save_audit_entry(
            con, actor, AuditAction.OWNER_ADDRESSES, described, kommun=agreement.kommun
        )
    st.session_state[_REVISION_KEY] = st.session_state.get(_REVISION_KEY, 0) + 1
    counted = format_count(len(cleaned), "adress", "adresser")
    set_notice(Notice(True, f"Sparat: {counted} ändrade i e-postregistret."))
