"""Användare och logg: who may log in with which role, and what everyone has done (admin)."""

import streamlit as st

from samverkan.web import shell
from samverkan.web.admin import is_admin_here, load_users_and_log, render_audit_log, render_users

shell.require_app_frame()
st.title("Användare och logg", anchor=False)
if not is_admin_here():
    st.error("Bara en administratör kan se användarna och loggen.", icon=":material/lock:")
    st.stop()

users, entries = load_users_and_log()
render_users(users)
render_audit_log(entries)
