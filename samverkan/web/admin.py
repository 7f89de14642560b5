"""The admin's page 'Användare och logg': the users, the audit log, and both as files.

Only an admin sees the page in the navigation; the page checks again before it reads, so a
page opened some other way shows a refusal and nothing else.

The page reads only the lines it shows. The files with the whole log are made when their
button is pressed (Streamlit runs the function then, in a thread of its own), not on every draw
of the page: a log of many thousand lines would otherwise be read and written out twice each
time anyone opens it. Making them asks the store again whether the person is still an admin.
"""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from samverkan import store
from samverkan.access import LOCAL_ADMIN, may_manage_users
from samverkan.exports.audit_log import (
    LOG_HEADERS,
    USER_HEADERS,
    audit_log_csv,
    audit_log_rows,
    audit_log_xlsx,
    export_file_name,
    user_rows,
)
from samverkan.glossary import DOWNLOAD
from samverkan.models import AuditEntry, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import fetch_user, fetch_users
from samverkan.web import auth
from samverkan.web.data import db_path
from samverkan.web.mode import is_local_mode

SHOWN_LOG_LINES = 500
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_admin_here() -> bool:
    """May the person here see users and the log?"""
    return may_manage_users(auth.current_user())


def render_users(users: list[UserAccount]) -> None:
    """The users as a table, or how to add the first one."""
    st.subheader("Användare", anchor=False)
    if is_local_mode():
        st.info(
            "Appen körs i lokalt läge: det finns inga användare och ingen inloggning. När den "
            "som sköter servern har lagt till den första administratören krävs inloggning, och "
            "rollerna gäller (README, avsnittet Säkerhet och drift).",
            icon=":material/info:",
        )
    if not users:
        return
    st.dataframe(
        pd.DataFrame(user_rows(users), columns=list(USER_HEADERS)),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Användare läggs till, ändras och tas bort av den som sköter servern (README, "
        "avsnittet Säkerhet och drift). Den som har en part (Polis eller Kommun) i en kommun "
        "eller ett lokalpolisområde kan checka in partens och de gemensamma åtagandena där; "
        "kommunens samordnare och administratörer kan checka in alla."
    )


def render_audit_log(entries: list[AuditEntry]) -> None:
    """The newest log lines (at most SHOWN_LOG_LINES + 1 given), and the whole log as files."""
    st.subheader("Logg", anchor=False)
    st.markdown(
        "Inloggningar, uppladdningar, incheckningar, möten, tillbakadragningar, ändringar av "
        "överenskommelser och användare, och nekade ändringar: vem, när och vad."
    )
    with st.container(horizontal=True):
        st.download_button(
            f"{DOWNLOAD} loggen som CSV",
            data=functools.partial(log_file, str(db_path()), "csv", _admin_email()),
            file_name=export_file_name("csv"),
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            f"{DOWNLOAD} loggen och användarna som Excel",
            data=functools.partial(log_file, str(db_path()), "xlsx", _admin_email()),
            file_name=export_file_name("xlsx"),
            mime=_XLSX,
            icon=":material/download:",
            on_click="ignore",
        )
    if not entries:
        st.caption("Loggen är tom ännu.")
        return
    shown = entries[:SHOWN_LOG_LINES]
    if len(entries) > len(shown):
        st.caption(f"De {SHOWN_LOG_LINES} senaste raderna; filerna har hela loggen.")
    st.dataframe(
        pd.DataFrame(audit_log_rows(shown), columns=list(LOG_HEADERS)),
        hide_index=True,
        width="stretch",
    )


def log_file(path: str, kind: str, admin_email: str | None) -> bytes:
    """The whole log as 'csv', or the log and the users as 'xlsx', made when asked for.

    `admin_email` is who pressed the button (None: the local admin in local mode); someone
    who is no longer an admin by then gets no file.
    """
    with store.open_store(path) as con:
        if admin_email is not None and not may_manage_users(fetch_user(con, admin_email)):
            raise PermissionError("Bara en administratör kan ladda ned loggen.")
        entries = fetch_audit_log(con)
        users = fetch_users(con) if kind == "xlsx" else []
    return audit_log_xlsx(entries, users) if kind == "xlsx" else audit_log_csv(entries)


def _admin_email() -> str | None:
    user = auth.current_user()
    return None if user is None or user == LOCAL_ADMIN else user.email
