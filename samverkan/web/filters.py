"""Filters above an activity table: party, owner and status, each offering what the list has."""

from __future__ import annotations

import streamlit as st

from samverkan.metrics import filter_activities
from samverkan.models import ActivityView, Party, Status
from samverkan.web.format import format_party, format_status

_ORDER_OF_STATUS = (
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    None,
    Status.DONE,
    Status.STANDING,
    Status.CANCELLED,
)
_ORDER_OF_PARTY = (Party.KOMMUN, Party.POLIS, Party.JOINT, Party.EXTERNAL, None)


def render_activity_filters(views: list[ActivityView], key: str) -> list[ActivityView]:
    """Draw the three filters side by side and return the activities they let through."""
    parties = [p for p in _ORDER_OF_PARTY if any(v.activity.party is p for v in views)]
    owners = sorted({v.activity.owner for v in views if v.activity.owner}, key=str.casefold)
    statuses = [s for s in _ORDER_OF_STATUS if any(v.activity.status is s for v in views)]
    with st.container(horizontal=True, gap="medium"):
        chosen_parties = st.multiselect(
            "Part",
            parties,
            format_func=format_party,
            placeholder="Alla parter",
            key=f"{key}_part",
        )
        chosen_owners = st.multiselect(
            "Ansvarig", owners, placeholder="Alla ansvariga", key=f"{key}_ansvarig"
        )
        chosen_statuses = st.multiselect(
            "Status",
            statuses,
            format_func=format_status,
            placeholder="Alla statusar",
            key=f"{key}_status",
        )
    return filter_activities(
        views, parties=chosen_parties, owners=chosen_owners, statuses=chosen_statuses
    )
