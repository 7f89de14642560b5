"""Trygghet och mål: is it working? The goals against the safety survey, then each indicator."""

import streamlit as st

from samverkan.web import shell
from samverkan.web.data import load_goal_followup
from samverkan.web.goals import (
    render_goal_count,
    render_goal_table,
    render_indicator_charts,
    render_no_survey,
    render_reading_guide,
)
from samverkan.web.views import render_empty_store

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
followup = load_goal_followup(agreement)
st.title(f"Trygghet och mål – {agreement.kommun}", anchor=False)
render_goal_count(followup)
if not followup.has_values:
    render_no_survey(agreement.kommun)

st.subheader("Målen", anchor=False)
render_goal_table(followup)

if followup.has_values:
    st.subheader("Trygghetsmätningen år för år", anchor=False)
    render_reading_guide()
    render_indicator_charts(followup)
