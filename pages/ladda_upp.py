"""Ladda upp: the coordinator's plan as it is, what the import understood, then save."""

import streamlit as st

from samverkan.excel.template import build_template
from samverkan.glossary import DOWNLOAD
from samverkan.web import shell
from samverkan.web.current_plan import render_current_plan_download
from samverkan.web.upload import (
    preview_upload,
    render_file_uploader,
    render_kommun_choice,
    render_preview,
    render_save,
)

shell.require_app_frame()
st.title("Ladda upp aktivitetsplan", anchor=False)
st.markdown(
    "Ladda upp aktivitetsplanen som den är, eller en trygghetsmätning eller en export från "
    "Kolada. Sidan visar vad som lästes och vad som inte gick att förstå, med blad, rad och "
    "kolumn. Ingenting sparas förrän du trycker **Spara**."
)
selection = shell.current_selection()
with st.container(horizontal=True):
    st.download_button(
        f"{DOWNLOAD} Excel-mallen",
        data=build_template,
        file_name="samverkan-mall.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        help="Mallen har bladen Överenskommelse, Fokusområden, Mål och Aktivitetsplan, "
        "med listor för status, part och bedömning.",
    )
    if selection is not None:
        render_current_plan_download(selection.agreement, key="aktuell_plan_ladda_upp")
uploaded = render_file_uploader()
if uploaded is None:
    st.stop()

preview = preview_upload(uploaded.name, uploaded.getvalue())
render_kommun_choice(preview)
render_preview(preview)
render_save(preview)
