"""Försenade åtaganden: everything late or missing its follow-up, by party and owner."""

import streamlit as st

from samverkan.exports.late_list import build_late_report
from samverkan.metrics import group_late_commitments
from samverkan.models import Commitment
from samverkan.swedish import format_count, format_date
from samverkan.web import shell
from samverkan.web.data import load_plan_status
from samverkan.web.format import format_party
from samverkan.web.responsive import render_wide_or_narrow
from samverkan.web.tables import late_table
from samverkan.web.views import render_commitment_cards, render_empty_store, render_no_plan

shell.require_app_frame()
selection = shell.current_selection()
if selection is None:
    render_empty_store()
    st.stop()

agreement = selection.agreement
status = load_plan_status(agreement.id, selection.as_of)
st.title(f"Försenade åtaganden – {agreement.kommun}", anchor=False)
if status is None or not status.activities:
    render_no_plan(agreement)
    st.stop()

groups = group_late_commitments(status)
total = sum(g.count for g in groups)
with st.container(horizontal=True, vertical_alignment="center"):
    st.markdown(
        f"Bedömt {format_date(status.as_of)}: "
        f"**{format_count(total, 'åtagande', 'åtaganden')}** är försenade eller saknar "
        "uppföljning, flest dagar efter först."
    )
    st.download_button(
        "Ladda ned för protokollet (Excel)",
        data=lambda: build_late_report(status),
        file_name=f"forsenade-{agreement.kommun}-{status.as_of.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )
if not groups:
    st.success("Inget är försenat och ingen uppföljning saknas.", icon=":material/check_circle:")
    st.stop()

for number, group in enumerate(groups):
    st.subheader(
        f"{format_party(group.party)}: {format_count(group.count, 'åtagande', 'åtaganden')}",
        anchor=False,
        divider="gray",
    )
    # Nine columns on a wide screen; a card per commitment, as on Snabbkoll, on a phone.
    commitments = [
        Commitment(agreement=agreement, view=view, as_of=status.as_of)
        for owner in group.owners
        for view in owner.commitments
    ]
    render_wide_or_narrow(
        f"forsenade_{number}",
        lambda group=group: st.table(late_table(group, status.as_of), hide_index=True),
        lambda commitments=commitments: render_commitment_cards(commitments, show_kommun=False),
    )
