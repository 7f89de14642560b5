"""Överenskommelse: create an agreement, edit the chosen one, or start its next period."""

import streamlit as st

from samverkan.web import shell
from samverkan.web.agreement_editor import render_agreement_editor
from samverkan.web.agreement_form import (
    MODE_CONFIDENTIAL,
    MODE_CREATE,
    MODE_EDIT,
    MODE_OWNERS,
    render_create_form,
    render_mode_choice,
    render_new_period_form,
    render_notice,
)
from samverkan.web.confidentiality_editor import render_confidentiality_editor
from samverkan.web.current_plan import render_current_plan_download
from samverkan.web.data import load_agreements
from samverkan.web.owner_register import render_owner_register

shell.require_app_frame()
st.title("Överenskommelse", anchor=False)
render_notice()
selection = shell.current_selection()
agreements = load_agreements()
if selection is None:
    st.markdown(
        "Det finns ingen överenskommelse ännu. Börja här: ange kommun, lokalpolisområde och "
        "period, och lägg sedan till fokusområden och mål. Aktivitetsplaner som laddas upp "
        "för kommunen och perioden hamnar sedan under överenskommelsen."
    )
    render_create_form(agreements)
    st.stop()

st.markdown(
    f"Överenskommelsen som är vald i sidofältet: **{shell.agreement_label(selection.agreement)}**. "
    "Ändra den, skapa en ny, starta nästa period med samma fokusområden och mål, eller välj "
    "vilka aktiviteter som inte är offentliga."
)
render_current_plan_download(selection.agreement, key="aktuell_plan_overenskommelse")
mode = render_mode_choice(has_agreement=True)
if mode == MODE_EDIT:
    render_agreement_editor(selection.agreement, agreements)
elif mode == MODE_CREATE:
    render_create_form(agreements)
elif mode == MODE_CONFIDENTIAL:
    render_confidentiality_editor(selection.agreement)
elif mode == MODE_OWNERS:
    render_owner_register(selection.agreement)
else:
    render_new_period_form(selection.agreement)
