"""Medborgarlöften: each promise of the year and how its activities stand, fit to publish."""

import streamlit as st

from samverkan.citizen_promises import build_citizen_promises, promise_years
from samverkan.web import shell
from samverkan.web.data import load_plan_status
from samverkan.web.reports import render_citizen_promises, render_promises_download
from samverkan.web.views import render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
status = load_plan_status(agreement.id, selection.as_of)
years = promise_years(agreement, selection.as_of)
st.title(f"Medborgarlöften – {agreement.kommun}", anchor=False)
year = st.selectbox("År", years, key="promise_year", width=200) or years[0]
if status is None or not status.activities:
    render_no_plan(agreement)
    st.stop()

promises = build_citizen_promises(status.activities, year)
st.markdown(
    "Löftena och hur det går med dem, i ord som kan publiceras på kommunens webbplats: "
    "utan ansvarigas namn, interna kommentarer och aktiviteter märkta ej offentlig."
)
render_promises_download(promises, agreement, year, status.as_of)
if not promises:
    st.info(f"Planen har inga medborgarlöften för {year}.", icon=":material/info:")
render_citizen_promises(promises)
