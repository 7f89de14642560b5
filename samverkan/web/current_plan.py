"""The "Ladda ned aktuell plan" button of Ladda upp and Överenskommelse.

Shown only to someone who may write the kommun's plan (access.may_take_current_plan): the file
keeps the ej offentlig rows. The rights are read again from the store when the button is
pressed (exports.current_plan.fetch_current_plan_for), so a hidden button is never the only
guard.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from samverkan import store
from samverkan.access import may_take_current_plan
from samverkan.exports.current_plan import current_plan_file_name, fetch_current_plan_for
from samverkan.glossary import DOWNLOAD
from samverkan.models import StoredAgreement, UserAccount
from samverkan.web import auth
from samverkan.web.data import db_path, load_first_plan_day

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LABEL = f"{DOWNLOAD} aktuell plan"


class CurrentPlanRefused(PermissionError):
    """The user may no longer take the plan (their rights changed after the page drew)."""


def render_current_plan_download(agreement: StoredAgreement, *, key: str) -> None:
    """The button, for someone who may write the kommun's plan, once it has a plan."""
    user = auth.current_user()
    if not may_take_current_plan(user, agreement.kommun):
        return
    if load_first_plan_day(agreement.id) is None:
        return
    st.download_button(
        LABEL,
        data=lambda: _current_plan_bytes(agreement, user),
        file_name=current_plan_file_name(agreement.kommun, dt.date.today()),
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=key,
        help=f"{agreement.kommun}s plan som den är i appen nu, i mallens format: arbeta vidare "
        "i den och ladda upp den här igen. Den har även de ej offentliga aktiviteterna (märkta "
        "Ja i kolumnen Ej offentlig), så dela den inte utanför styrgruppen.",
    )


def _current_plan_bytes(agreement: StoredAgreement, user: UserAccount | None) -> bytes:
    with store.open_store(db_path()) as con:
        data = fetch_current_plan_for(con, agreement, user, auth.actor_label(user))
    if data is None:
        raise CurrentPlanRefused(f"agreement {agreement.id}: refused")
    return data
