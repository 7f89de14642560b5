"""Mötesläge: the steering group's meeting on the shared screen, one screen at a time."""

import streamlit as st

from samverkan.meeting_agenda import meeting_screens
from samverkan.web import shell
from samverkan.web.data import load_plan_status
from samverkan.web.meeting_mode import (
    current_screen,
    enter_presentation,
    gather_meeting,
    meeting_outline,
    render_controls,
    render_screen,
)
from samverkan.web.views import render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
status = load_plan_status(agreement.id, selection.as_of)
if status is None or not status.activities:
    st.title("Mötesläge", anchor=False)
    render_no_plan(agreement)
    st.stop()

enter_presentation()
contents = gather_meeting(agreement, status)
screens = meeting_screens(meeting_outline(contents))
number = current_screen(screens)
render_controls(number, len(screens))
render_screen(screens[number - 1], contents)
