"""The Överenskommelse page's Ej offentlig table: a coordinator's switch per activity.

One row per activity of the current plan, with the file's value beside the switch and who
changed it in the app. Spara keeps only the switches that changed, checks the user's right
for the kommun again on the server, writes them in one transaction and logs them. Widget keys
carry the agreement and a revision that grows with each save, so the table then starts again
from what the store holds.

render_carried_confidentiality is the Ladda upp summary's word on the choices a new plan
carried over, kept uncertain, or could not find.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from samverkan import store
from samverkan.access import write_refusal
from samverkan.confidentiality import (
    ConfidentialityRow,
    carry_messages,
    changed_choices,
    describe_changes,
    summary_sentence,
)
from samverkan.models import AuditAction, CarriedConfidential, CarryKind, StoredAgreement
from samverkan.store.audit import save_audit_entry
from samverkan.store.confidential import save_confidential_marks
from samverkan.swedish import format_datetime
from samverkan.web import auth
from samverkan.web.agreement_form import Notice, guarded_save, set_notice
from samverkan.web.data import db_path, load_confidentiality
from samverkan.web.format import escape_markdown

_REVISION_KEY = "ej_offentlig_revision"
COLUMN = "Ej offentlig"


def render_confidentiality_editor(agreement: StoredAgreement) -> None:
    """The current plan's activities, each with its Ej offentlig switch, and Spara."""
    agreement_id = agreement.id
    rows = load_confidentiality(agreement_id)
    st.subheader("Ej offentliga aktiviteter", anchor=False)
    st.markdown(
        "En aktivitet som är **ej offentlig** visas bara för den som är inloggad och är aldrig "
        "med i rapporter, exporter, kalendrar eller medborgarlöften. Slå på eller av i kolumnen "
        "*Ej offentlig* och tryck på **Spara**. Valet här gäller före kolumnen i filen, också "
        "för planer som laddas upp senare, tills det ändras här igen."
    )
    if not rows:
        st.info(
            "Det finns ingen uppladdad aktivitetsplan för överenskommelsen ännu. Ladda upp "
            "planen först; en kolumn Ej offentlig i filen läses också in.",
            icon=":material/info:",
        )
        return
    key = f"ej_offentlig_{agreement_id}_{st.session_state.get(_REVISION_KEY, 0)}"
    st.data_editor(
        _frame(rows),
        key=key,
        hide_index=True,
        width="stretch",
        height="content",
        disabled=["ID", "Fokusområde", "Aktivitet", "I filen", "Ändrad i appen"],
        column_config={
            "ID": st.column_config.TextColumn("ID", width=70),
            "Fokusområde": st.column_config.TextColumn("Fokusområde", width=260),
            "Aktivitet": st.column_config.TextColumn("Aktivitet", width="large"),
            "I filen": st.column_config.TextColumn(
                "I filen",
                width=110,
                help="Vad kolumnen Ej offentlig säger i den senast uppladdade filen.",
            ),
            COLUMN: st.column_config.CheckboxColumn(
                COLUMN, width=120, help="På: visas bara för inloggade och lämnar aldrig appen."
            ),
            "Ändrad i appen": st.column_config.TextColumn("Ändrad i appen", width=260),
        },
    )
    allowed = auth.may_write_here([agreement.kommun])
    if not allowed:
        st.info(write_refusal(auth.current_user(), [agreement.kommun]), icon=":material/lock:")
    st.button(
        "Spara",
        type="primary",
        icon=":material/save:",
        key=f"spara_{key}",
        on_click=_save,
        args=(agreement, rows, key),
        disabled=not allowed,
    )


def _frame(rows: list[ConfidentialityRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": [r.activity_key for r in rows],
            "Fokusområde": [r.focus_area or "" for r in rows],
            "Aktivitet": [r.title for r in rows],
            "I filen": ["ej offentlig" if r.in_file else "offentlig" for r in rows],
            COLUMN: [r.confidential for r in rows],
            "Ändrad i appen": [_changed(r) for r in rows],
        }
    )


def _changed(row: ConfidentialityRow) -> str:
    if row.changed_by is None:
        return ""
    return f"{row.changed_by}, {format_datetime(row.changed_at)}"


def _chosen(rows: list[ConfidentialityRow], key: str) -> dict[str, bool]:
    """The switches as the editor holds them: its edited rows over the table it was given."""
    edits = st.session_state.get(key) or {}
    chosen = {}
    for index, change in dict(edits.get("edited_rows") or {}).items():
        position = int(index)
        if 0 <= position < len(rows) and COLUMN in change:
            chosen[rows[position].activity_key] = bool(change[COLUMN])
    return chosen


def _save(agreement: StoredAgreement, rows: list[ConfidentialityRow], key: str) -> None:
    """Spara's callback (agreement_form.guarded_save: never a traceback)."""
    guarded_save(lambda: _save_choices(agreement, rows, key), "ej offentlig")


def _save_choices(agreement: StoredAgreement, rows: list[ConfidentialityRow], key: str) -> None:
    user = auth.current_user()
    actor = auth.actor_label(user)
    with store.open_store(db_path()) as con:
        if not auth.may_write_here([agreement.kommun]):
            save_audit_entry(
                con, actor, AuditAction.REFUSED, "Ändring av ej offentlig", kommun=agreement.kommun
            )
            set_notice(Notice(False, write_refusal(user, [agreement.kommun])))
            return
        changes = changed_choices(rows, _chosen(rows, key))
        if not changes:
            set_notice(Notice(True, "Inget ändrades: alla val var redan sparade."))
            return
        save_confidential_marks(con, agreement.id, changes, actor)
        save_audit_entry(
            con,
            actor,
            AuditAction.CONFIDENTIALITY,
            describe_changes(rows, changes),
            kommun=agreement.kommun,
        )
    st.session_state[_REVISION_KEY] = st.session_state.get(_REVISION_KEY, 0) + 1
    set_notice(Notice(True, f"Sparat: {summary_sentence(changes)}"))


def render_carried_confidentiality(carried: list[CarriedConfidential]) -> None:
    """After Spara on Ladda upp: what became of the plan before's ej offentlig choices."""
    messages = carry_messages(carried)
    check = [text for kind, text in messages if kind is not CarryKind.CARRIED]
    followed = [text for kind, text in messages if kind is CarryKind.CARRIED]
    if check:
        st.warning(
            "**Kontrollera ej offentliga aktiviteter**\n\n"
            + "\n".join(f"- {escape_markdown(text)}" for text in check),
            icon=":material/visibility_off:",
        )
    if followed:
        st.info(
            "**Ej offentligt val följde med en ändrad titel**\n\n"
            + "\n".join(f"- {escape_markdown(text)}" for text in followed),
            icon=":material/visibility_off:",
        )
