"""Mötesläge: one screen at a time on the shared screen, with large type and no sidebar.

The screen number lives in the address (`?skarm=3`), so a reload or a second screen opened
on the same link shows the same place. Each screen reuses the pages' own views.
"""

from __future__ import annotations

import streamlit as st

from samverkan.changes_since import last_meeting
from samverkan.charts.plan import build_status_chart
from samverkan.goal_followup import goals_of_focus_area
from samverkan.meeting_agenda import Screen, ScreenKind, position_label, screen_number
from samverkan.metrics import activities_of_focus_area, group_late_commitments
from samverkan.models import PlanStatus, StoredAgreement
from samverkan.swedish import format_count, format_date
from samverkan.web.changes_view import render_change_counts, render_changes_by_focus_area
from samverkan.web.data import load_changes_since, load_goal_followup, load_meetings
from samverkan.web.format import escape_markdown, format_party
from samverkan.web.goals import (
    render_focus_area_goals,
    render_goal_count,
    render_goal_table,
    render_indicator_charts,
    render_no_survey,
)
from samverkan.web.meetings import meeting_label
from samverkan.web.tables import activity_table, late_table
from samverkan.web.views import render_focus_area_cards, render_focus_area_summary, render_headline

SCREEN_PARAM = "skarm"
# Larger type everywhere (Streamlit sizes in rem), no sidebar, and the room's full width.
_PRESENTATION_CSS = (
    "<style>"
    "html{font-size:21px}"
    "[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
    "[data-testid='stExpandSidebarButton']{display:none}"
    "[data-testid='stMainBlockContainer']{max-width:100%;padding:1.5rem 3rem 3rem}"
    "</style>"
)


def enter_presentation() -> None:
    """Hide the sidebar and enlarge the type for the back of the room."""
    st.html(_PRESENTATION_CSS)


def current_screen(screens: list[Screen]) -> int:
    """The 1-based number of the screen the address asks for."""
    return screen_number(st.query_params.get(SCREEN_PARAM), len(screens))


def _go_to(number: int) -> None:
    st.query_params[SCREEN_PARAM] = str(number)


def render_controls(number: int, count: int, *, key: str) -> None:
    """Previous, the position ('3 / 7'), next, and a way out of the meeting mode."""
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(
            "Föregående",
            icon=":material/arrow_back:",
            disabled=number <= 1,
            on_click=_go_to,
            args=(number - 1,),
            key=f"foregaende_{key}",
        )
        st.markdown(f"**{position_label(number, count)}**", width="content")
        st.button(
            "Nästa",
            icon=":material/arrow_forward:",
            type="primary",
            disabled=number >= count,
            on_click=_go_to,
            args=(number + 1,),
            key=f"nasta_{key}",
        )
        st.space("stretch")
        st.page_link("pages/oversikt.py", label="Avsluta mötesläget", icon=":material/close:")


def render_screen(screen: Screen, agreement: StoredAgreement, status: PlanStatus) -> None:
    """Draw one screen of the meeting."""
    st.title(escape_markdown(screen.title), anchor=False)
    if screen.kind is ScreenKind.OVERVIEW:
        render_headline(status)
        render_focus_area_cards(status)
        st.altair_chart(build_status_chart(status.focus_areas), width="stretch")
    elif screen.kind is ScreenKind.FOCUS_AREA:
        _render_focus_area(screen.focus_area or "", agreement, status)
    elif screen.kind is ScreenKind.LATE:
        _render_late(status)
    elif screen.kind is ScreenKind.CHANGES:
        _render_changes(agreement, status)
    else:
        _render_outcomes(agreement)


def _render_focus_area(name: str, agreement: StoredAgreement, status: PlanStatus) -> None:
    summary = next((s for s in status.focus_areas if s.name == name), None)
    if summary is None:
        st.info("Fokusområdet finns inte längre i planen.")
        return
    render_focus_area_summary(summary)
    followup = goals_of_focus_area(load_goal_followup(agreement), name)
    if followup.assessments:
        render_focus_area_goals(followup)
    st.table(activity_table(activities_of_focus_area(status, name), status.as_of), hide_index=True)


def _render_late(status: PlanStatus) -> None:
    groups = group_late_commitments(status)
    if not groups:
        st.success(
            "Inget är försenat och ingen uppföljning saknas.", icon=":material/check_circle:"
        )
        return
    total = sum(g.count for g in groups)
    st.markdown(
        f"**{format_count(total, 'åtagande', 'åtaganden')}** är försenade eller saknar "
        f"uppföljning den {format_date(status.as_of)}, flest dagar efter först."
    )
    for group in groups:
        st.subheader(
            f"{format_party(group.party)}: {format_count(group.count, 'åtagande', 'åtaganden')}",
            anchor=False,
            divider="gray",
        )
        st.table(late_table(group, status.as_of), hide_index=True)


def _render_changes(agreement: StoredAgreement, status: PlanStatus) -> None:
    meeting = last_meeting(load_meetings(agreement.id), status.as_of)
    if meeting is None:
        st.info(
            "Inget möte är registrerat ännu, så det finns inget förra möte att jämföra med. "
            "Registrera mötena på sidan **Förändringar**.",
            icon=":material/groups:",
        )
        return
    changes = load_changes_since(agreement, meeting.held_on, status.as_of)
    st.markdown(
        f"Sedan {escape_markdown(meeting_label(meeting))} till {format_date(status.as_of)}."
    )
    render_change_counts(changes)
    render_changes_by_focus_area(changes, [fa.name for fa in status.focus_areas])


def _render_outcomes(agreement: StoredAgreement) -> None:
    followup = load_goal_followup(agreement)
    render_goal_count(followup)
    if not followup.has_values:
        render_no_survey(agreement.kommun)
        return
    render_goal_table(followup)
    render_indicator_charts(followup, compact=True)
