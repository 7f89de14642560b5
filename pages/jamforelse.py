"""Jämförelse: every agreement in force of an LPO, a län or the whole store, side by side."""

import datetime as dt

import streamlit as st

from samverkan.comparison import scope_label
from samverkan.exports.comparison import build_comparison_workbook
from samverkan.web import auth, shell
from samverkan.web.comparison import (
    day_from_url,
    render_chart,
    render_comparison,
    render_summary,
    scope_from_url,
)
from samverkan.web.data import load_comparison
from samverkan.web.views import render_empty_store

shell.require_app_frame()
if shell.current_selection() is None:
    render_empty_store()
    st.stop()

scope = scope_from_url()
asked_day = day_from_url()
day = asked_day or dt.date.today()
label = scope_label(scope)
rows = load_comparison(scope, day, auth.current_user())
st.title(f"Jämförelse – {label}", anchor=False)
if not rows:
    st.info(
        f"Ingen överenskommelse som du får se gäller {label} den {day.isoformat()}. "
        "Adressen väljer urvalet: ?lpo=Kävlinge för ett lokalpolisområde, ?lan=Skåne för ett "
        "län, ingetdera för alla; ?dag=ÅÅÅÅ-MM-DD för en annan dag.",
        icon=":material/info:",
    )
    st.stop()

render_summary(rows, day)
render_comparison(rows, asked_day)
render_chart(rows, day)
st.download_button(
    "Ladda ned som Excel",
    data=lambda: build_comparison_workbook(rows, label, day),
    file_name=f"jamforelse-{day.isoformat()}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
    help="Tabellen som en Excel-fil, en rad per överenskommelse, för regionens egen uppföljning.",
)
