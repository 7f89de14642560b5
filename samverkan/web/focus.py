"""Fokusområde's parts: the picker (`?fokus=Namn` in the address chooses it, and follows the
choice), and the activities as a table or, in a narrow main column, as cards; each card (or,
under the table, a picker) opens the check-in for those who may (web/checkin.py)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from samverkan.models import ActivityView, Agreement, Commitment, FocusAreaSummary
from samverkan.web import auth
from samverkan.web.checkin import checkin_action, render_checkin_dialog, render_checkin_picker
from samverkan.web.responsive import render_wide_or_narrow
from samverkan.web.tables import activity_table
from samverkan.web.views import render_commitment_cards

_FOCUS_KEY = "valt_fokusomrade"
# The main column the nine-column table needs: below it (790 pixels at 1280 with the sidebar
# open) Part, Bedömning and Kommentar were cut off to the right.
FOCUS_TABLE_WIDTH = 1000


def choose_focus_area(summaries: list[FocusAreaSummary]) -> FocusAreaSummary:
    """Draw the picker (the address's choice first) and return the chosen focus area."""
    names = [s.name for s in summaries]
    wanted = str(st.query_params.get("fokus", ""))
    if wanted in names and st.session_state.get("_url_fokus") != wanted:
        st.session_state[_FOCUS_KEY] = wanted
        st.session_state["_url_fokus"] = wanted
    if st.session_state.get(_FOCUS_KEY) not in names:
        st.session_state[_FOCUS_KEY] = names[0]
    chosen = st.selectbox("Fokusområde", names, key=_FOCUS_KEY, on_change=_focus_to_url, width=520)
    return summaries[names.index(chosen)]


def _focus_to_url() -> None:
    chosen = st.session_state.get(_FOCUS_KEY)
    st.session_state["_url_fokus"] = chosen
    if chosen:
        st.query_params["fokus"] = str(chosen)


def render_focus_activities(
    agreement: Agreement, views: list[ActivityView], as_of: dt.date
) -> None:
    """Nine columns where the main column is wide; a card per activity, as on Försenade
    åtaganden, where it is narrow (a phone, a 1024- or 1280-pixel laptop with the sidebar
    open), so owner, party, bedömning and comment are never cut off to the right."""
    commitments = [Commitment(agreement=agreement, view=view, as_of=as_of) for view in views]
    action = checkin_action(auth.current_user())

    def wide() -> None:
        st.table(activity_table(views, as_of), hide_index=True)
        if action is not None:  # a table row cannot be tapped: the activity is chosen under it
            render_checkin_picker(agreement, [v.activity for v in views])

    render_wide_or_narrow(
        "fokus_aktiviteter",
        wide,
        lambda: render_commitment_cards(commitments, show_kommun=False, action=action),
        narrow_width=FOCUS_TABLE_WIDTH,
    )
    render_checkin_dialog()
