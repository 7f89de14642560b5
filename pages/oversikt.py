"""Översikt: where the agreement stands per focus area, and what changed since the last upload."""

import streamlit as st

from samverkan.charts.plan import build_status_chart
from samverkan.history import latest_changes
from samverkan.web import shell
from samverkan.web.data import load_goal_followup, load_plan_status, load_upload_history
from samverkan.web.goals import render_goal_headline
from samverkan.web.views import (
    render_changes_since,
    render_empty_store,
    render_focus_area_cards,
    render_headline,
    render_no_plan,
)

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
status = load_plan_status(agreement.id, selection.as_of)
st.title(f"Översikt – {agreement.kommun}", anchor=False)
if status is None or not status.activities:
    render_no_plan(agreement)
    st.stop()

render_headline(status)
render_goal_headline(load_goal_followup(agreement))
render_changes_since(latest_changes(load_upload_history(agreement.id)))
render_focus_area_cards(status)
st.altair_chart(build_status_chart(status.focus_areas), width="stretch")
