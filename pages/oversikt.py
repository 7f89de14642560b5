"""Översikt: where the agreement stands per focus area."""

import streamlit as st

from samverkan.charts import build_status_chart
from samverkan.web import shell
from samverkan.web.data import load_plan_status
from samverkan.web.views import render_empty_store, render_focus_area_cards, render_headline

selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

status = load_plan_status(selection.agreement.id or 0, selection.as_of)
agreement = selection.agreement
st.title(f"Översikt – {agreement.kommun}")
if status is None or not status.activities:
    st.info(
        "Överenskommelsen har ingen aktivitetsplan inläst ännu. "
        "Importera planen med `samverkan import FIL`."
    )
    st.stop()

render_headline(status)
render_focus_area_cards(status)
st.altair_chart(build_status_chart(status.focus_areas), width="stretch")
