"""Historik: every upload of the agreement's plan, what it changed, and the original file;
then the kommun's survey uploads."""

import streamlit as st

from samverkan.charts.plan import build_progress_history_chart
from samverkan.web import auth, shell
from samverkan.web.data import load_survey_history, load_upload_history
from samverkan.web.format import escape_markdown
from samverkan.web.history import render_survey_upload_row, render_upload_row
from samverkan.web.rollback import render_withdrawal_message
from samverkan.web.views import render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
history = load_upload_history(agreement.id)
st.title(f"Historik – {agreement.kommun}", anchor=False)
render_withdrawal_message()
# The original file is the plan as uploaded, ej offentlig activities included: only those who
# may change the kommun's plan take it out of the app (and each row checks every kommun in it).
originals = auth.may_write_here([agreement.kommun])
if history:
    st.markdown(
        "Varje uppladdning av planen, nyast först, med vad den ändrade jämfört med planen före. "
        + (
            "Originalfilen kan laddas ned precis som den laddades upp."
            if originals
            else "Originalfilerna kan laddas ned av kommunens samordnare, eftersom de kan "
            "innehålla aktiviteter som inte är offentliga."
        )
    )
    if len(history) > 1:
        st.altair_chart(build_progress_history_chart(history), width="stretch")
    for entry in reversed(history):
        render_upload_row(entry, original=originals)
else:
    render_no_plan(agreement)

surveys = load_survey_history(agreement.kommun)
if surveys:
    st.subheader("Trygghetsmätningar och nyckeltal", anchor=False)
    st.markdown(
        f"Varje uppladdning med mätvärden för {escape_markdown(agreement.kommun)}, nyast först. "
        "Har två uppladdningar samma år och indikator gäller den senaste."
    )
    for survey in reversed(surveys):
        render_survey_upload_row(survey, original=originals)
