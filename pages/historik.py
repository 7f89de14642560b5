"""Historik: every upload of the agreement's plan, what it changed, and the original file."""

import streamlit as st

from samverkan.charts import build_progress_history_chart
from samverkan.web import shell
from samverkan.web.data import load_upload_history
from samverkan.web.history import render_upload_row
from samverkan.web.rollback import render_withdrawal_message
from samverkan.web.views import render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
history = load_upload_history(agreement.id or 0)
st.title(f"Historik – {agreement.kommun}", anchor=False)
render_withdrawal_message()
if not history:
    render_no_plan(agreement)
    st.stop()

st.markdown(
    "Varje uppladdning av planen, nyast först, med vad den ändrade jämfört med planen före. "
    "Originalfilen kan laddas ned precis som den laddades upp."
)
if len(history) > 1:
    st.altair_chart(build_progress_history_chart(history), width="stretch")
for entry in reversed(history):
    render_upload_row(entry)
