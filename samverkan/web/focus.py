"""The focus-area picker: `?fokus=Namn` in the address chooses it, and follows the choice."""

from __future__ import annotations

import streamlit as st

from samverkan.models import FocusAreaSummary

_FOCUS_KEY = "valt_fokusomrade"


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
