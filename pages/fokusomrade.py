"""Fokusområde: one focus area's goals and activities, filtered by party, owner and status."""

import streamlit as st

from samverkan.goal_followup import goals_of_focus_area
from samverkan.metrics import activities_of_focus_area
from samverkan.web import shell
from samverkan.web.data import load_goal_followup, load_plan_status
from samverkan.web.filters import render_activity_filters
from samverkan.web.focus import choose_focus_area, render_focus_activities
from samverkan.web.format import escape_markdown
from samverkan.web.goals import render_focus_area_goals
from samverkan.web.views import (
    render_empty_store,
    render_focus_area_summary,
    render_no_plan,
)

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
status = load_plan_status(agreement.id, selection.as_of)
if status is None or not status.activities:
    st.title("Fokusområde", anchor=False)
    render_no_plan(agreement)
    st.stop()

summary = choose_focus_area(status.focus_areas)
st.title(escape_markdown(summary.name), anchor=False)
st.caption(f"Fokusområde i överenskommelsen för {agreement.kommun} ({agreement.period_label})")
render_focus_area_summary(summary)

st.subheader("Mål", anchor=False)
render_focus_area_goals(goals_of_focus_area(load_goal_followup(agreement), summary.name))

st.subheader("Aktiviteter", anchor=False)
activities = activities_of_focus_area(status, summary.name)
shown = render_activity_filters(activities, key=f"fokus_{agreement.id}")
if shown:
    render_focus_activities(agreement, shown, status.as_of)
else:
    st.info("Inga aktiviteter passar filtren. Ta bort något filter för att se fler.")
