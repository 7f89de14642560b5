"""Användare och logg: who may log in with which role, and what everyone has done (admin)."""

import streamlit as st

from samverkan.web import shell
from samverkan.web.admin import (
    SHOWN_LOG_LINES,
    is_admin_here,
    render_audit_log,
    render_users,
)
from samverkan.web.data import load_users_and_log

shell.require_app_frame()
st.title("Användare och logg", anchor=False)
if not is_admin_here():
    st.error("Bara en administratör kan se användarna och loggen.", icon=":material/lock:")
    st.stop()

# One line more than is shown tells the page that the files hold more than it shows.
users, entries = load_users_and_log(SHOWN_LOG_LINES + 1)
render_users(users)
render_audit_log(entries)
