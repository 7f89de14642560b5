"""Rapporter: the quarterly report (KSAU) and the annual report, as PDF and as Excel."""

import datetime as dt

import streamlit as st

from samverkan.web import shell
from samverkan.web.reports import choose_report, judged_today, render_report_downloads
from samverkan.web.views import render_empty_store

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
st.title(f"Rapporter – {agreement.kommun}", anchor=False)
st.markdown(
    "Kvartalsrapporten går till kommunstyrelsens arbetsutskott (KSAU), årsrapporten till "
    "kommunstyrelsen och lokalpolisområdets chef. **PDF:en** har siffrorna per fokusområde, "
    "ett diagram, de försenade åtagandena och vad som ändrats under perioden. "
    "**Excel-filen** är planen i mallens form, som går att läsa in igen. **Word-filen** är "
    "samma rapport som PDF:en, att redigera: skriv inledningen och styrgruppens bedömning där "
    "det är gulmarkerat innan den skickas. "
    "Aktiviteter märkta ej offentlig är aldrig med."
)
period = choose_report(agreement, selection.as_of)
if period is not None:
    render_report_downloads(
        agreement, period, judged_today(period, selection.as_of, dt.date.today())
    )
