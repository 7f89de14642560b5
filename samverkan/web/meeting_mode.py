"""Mötesläge: the meeting one step at a time, each step one screen, large type and no sidebar.

The step number lives in the address (`?skarm=3`), so a reload or a second screen opened on
the same link shows the same place. samverkan/meeting_agenda.py decides the steps from an
outline; this module gathers what the meeting shows, measures its lists' rows for that
outline, and draws one step: the pages' own words (tables.py, changes_view.py, goals.py) in
the meeting's fewer and wider columns, and each chart in its meeting version, which takes the
height the step leaves free. Nothing but the position ("3 / 9") is said about the screen
itself: no captions, no notices.

Parts:
- the room: enter_presentation (the CSS), current_screen, render_controls
- what the meeting shows: MeetingContents, gather_meeting, meeting_outline
- the meeting's tables: meeting_activity_table, meeting_late_table, meeting_goal_table
- render_screen, and a part per kind of step

Why one module: the CSS, the column widths, and the renderers are one design (the widths
are what the rows' lines are measured against, and the CSS is what makes them true);
split, a change to one would silently break the others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from samverkan.changes_since import group_by_focus_area, last_meeting
from samverkan.charts.plan import build_status_chart
from samverkan.goal_followup import goals_of_focus_area, trend_text
from samverkan.indicators import indicator_key
from samverkan.meeting_agenda import (
    FocusAreaOutline,
    MeetingOutline,
    Screen,
    ScreenKind,
    Slice,
    estimate_lines,
    part_label,
    position_label,
    screen_number,
)
from samverkan.metrics import activities_of_focus_area, group_late_commitments
from samverkan.models import (
    ActivityView,
    ChangesSince,
    GoalAssessment,
    GoalFollowUp,
    IndicatorSeries,
    Meeting,
    PlanStatus,
    StoredAgreement,
)
from samverkan.swedish import format_count, format_date, format_percent
from samverkan.web.changes_view import change_lines, render_change_counts
from samverkan.web.data import (
    load_changes_since,
    load_goal_followup,
    load_indicator_chart_spec,
    load_meetings,
)
from samverkan.web.format import escape_markdown, format_party
from samverkan.web.goals import (
    format_goal_status,
    format_indicator_value,
    goal_table,
    render_goal_count,
    render_goal_table,
    render_no_survey,
)
from samverkan.web.meetings import meeting_label
from samverkan.web.tables import ACTIVITY_COLUMNS, activity_table, late_table
from samverkan.web.views import render_focus_area_summary

SCREEN_PARAM = "skarm"

# The meeting's tables: their columns and each column's share of the width (per cent).
# Fewer columns than the pages' tables, so every one is readable at 1024 pixels: Part and the
# plan's own wording are on Fokusområde, and a delay is written under its date; a late
# commitment says why and how many days (its dates are on Försenade åtaganden). The due
# date's column is named as the pages name it (tables.py), never spelled here.
DUE_COLUMN = ACTIVITY_COLUMNS[2]
ACTIVITY_WIDTHS = {
    "Aktivitet": 23,
    "Status": 12,
    DUE_COLUMN: 15,
    "Ansvarig": 20,
    "Bedömning": 12,
    "Kommentar": 18,
}
LATE_WIDTHS = {
    "Ansvarig": 19,
    "Aktivitet": 30,
    "Varför": 17,
    "Bedömning": 12,
    "Kommentar": 22,
}
GOAL_WIDTHS = {
    "Mål": 19,
    "Fokusområde": 18,
    "Indikator": 14,
    "Värden": 16,
    "Bedömning": 14,
    "Motivering": 19,
}
# What the widths are in characters on the narrowest screen the meeting is made for: a 4:3
# projector of 1024×768 shows the 21-pixel type of 1280×720 (the floor below) on a narrower
# column, so text wraps as there, while the page holds what 720 pixels high leave
# (meeting_agenda.PAGE_LINES). The main column is the width less 2 × 2 rem, a cell has 0.5 rem
# of padding each side, and a character of 21-pixel Source Sans is 9 to 10.6 pixels wide in
# Swedish text ("Föräldravandringar fredagskvällar", 33 characters, takes 300 pixels;
# "Kommunpolis och" more than 158).
NARROWEST_PX = 1024
ROOT_PX = 21
# The type grows with a larger screen of the same shape, so 1920×1080 shows each step as
# 1280×720 does, half as large again (31.5-pixel type); never under 21 pixels.
# A CSS length, not a number a person reads: written with a point, as CSS wants it.
_VW, _VH = round(ROOT_PX / 1280 * 100, 4), round(ROOT_PX / 720 * 100, 4)
_ROOT_SIZE = f"max({ROOT_PX}px,min({_VW}vw,{_VH}vh))"
TABLE_PX = NARROWEST_PX - 4 * ROOT_PX
CELL_PADDING_PX = ROOT_PX
CHAR_PX = 10.2
# Change lines run the column's full width, less the list's indent.
CHANGE_LINE_CHARS = int((TABLE_PX - 2 * ROOT_PX) / CHAR_PX)
# A chart keeps at least this height, so a step with too much text above it scrolls (and the
# browser test says so) rather than drawing the chart too small to read.
CHART_MIN_PX = 240
FIXED_COLUMNS_MIN_PX = 1000
_CHART_KEY = "motesdiagram"
_CONTROLS_KEY = "moteskontroller"
_BREAKABLE = re.compile(r"(?<!v\.)\u00a0")


def column_chars(widths: dict[str, int]) -> dict[str, int]:
    """Each column's width in characters on the narrowest screen (NARROWEST_PX)."""
    return {
        column: int((share / 100 * TABLE_PX - CELL_PADDING_PX) / CHAR_PX)
        for column, share in widths.items()
    }


def _table_css(key: str, widths: dict[str, int]) -> str:
    """A keyed table's columns at their shares, so text wraps where column_chars says."""
    scope = f"[class*='st-key-{key}']"  # a party's table is keyed …_0, …_1
    cells = "".join(
        f"{scope} th:nth-child({n}),{scope} td:nth-child({n}){{width:{share}%}}"
        for n, share in enumerate(widths.values(), start=1)
    )
    return f"{scope} table{{table-layout:fixed;width:100%}}{cells}"


# Larger type everywhere (Streamlit sizes in rem; _ROOT_SIZE), no sidebar, and the room's full
# width. The main column is at least the screen's height and a column of flex boxes, so a
# chart's container can take what the text above it leaves (flex: 1). The local mode notice
# is left out: the room sees nothing but the meeting.
_PRESENTATION_CSS = (
    "<style>"
    f"html{{font-size:{_ROOT_SIZE}}}"
    "[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
    "[data-testid='stExpandSidebarButton']{display:none}"
    "[data-testid='stMainBlockContainer']{max-width:100%;padding:0.75rem 2rem;"
    "min-height:100dvh;display:flex;flex-direction:column}"
    "[data-testid='stMainBlockContainer']>[data-testid='stVerticalBlock']{flex:1 1 auto;"
    "min-height:0}"
    "[data-testid='stMainBlockContainer']>[data-testid='stVerticalBlock']>"
    "[data-testid='stElementContainer']:has(.stMarkdownBadge){display:none}"
    # This very element (its style and the keys' script) takes no room, not even a gap.
    "[data-testid='stMainBlockContainer']>[data-testid='stVerticalBlock']>"
    "[data-testid='stElementContainer']:has([data-testid='stHtml']>style){display:none}"
    "[data-testid='stMainBlockContainer'] h1{font-size:2rem;padding:0}"
    "[data-testid='stMainBlockContainer'] h3{font-size:1.25rem;padding:0}"
    "[data-testid='stTable'] th,[data-testid='stTable'] td{font-size:1rem;"
    "padding:0.25rem 0.5rem}"
    f"[data-testid='stLayoutWrapper']:has(>.st-key-{_CHART_KEY}){{flex:1 1 0;"
    f"min-height:{CHART_MIN_PX}px}}"
    f".st-key-{_CHART_KEY}{{height:100%}}"
    f".st-key-{_CHART_KEY}>[data-testid='stElementContainer']{{flex:1 1 0;min-height:0}}"
    # The fixed columns are for a room's screen; on a phone the table sizes itself as elsewhere.
    + f"@media (min-width:{FIXED_COLUMNS_MIN_PX}px){{"
    # Streamlit's own rule for a cell's paragraph says overflow-wrap: normal, and outranks this.
    + "[data-testid='stTable'] td p{overflow-wrap:anywhere!important}"
    + _table_css("motestabell_aktiviteter", ACTIVITY_WIDTHS)
    + _table_css("motestabell_forsenade", LATE_WIDTHS)
    + _table_css("motestabell_mal", GOAL_WIDTHS)
    + "}"
    + "</style>"
)


# A presenter's clicker sends PageDown and PageUp, a keyboard's arrows do the same: they
# press Nästa and Föregående. Installed once a tab, it acts only where the meeting's controls
# are on the page, and never while someone types in a field.
_KEYS_SCRIPT = (
    "(() => {"
    "const w = window.parent, doc = w.document;"
    "if (w.samverkanMeetingKeys) return;"
    "w.samverkanMeetingKeys = true;"
    "const keys = {PageDown: 'nasta', ArrowRight: 'nasta',"
    " PageUp: 'foregaende', ArrowLeft: 'foregaende'};"
    "doc.addEventListener('keydown', (event) => {"
    "  const name = keys[event.key];"
    f"  const controls = doc.querySelector('.st-key-{_CONTROLS_KEY}');"
    "  if (!name || !controls || event.altKey || event.ctrlKey || event.metaKey) return;"
    "  const typing = event.target.closest"
    "    && event.target.closest('input, textarea, select, [contenteditable=\"true\"]');"
    "  if (typing) return;"
    "  const button = controls.querySelector(`.st-key-${name} button`);"
    "  if (button && !button.disabled) { event.preventDefault(); button.click(); }"
    "});"
    "})();"
)


def enter_presentation() -> None:
    """Hide the sidebar, enlarge the type, and let a clicker's keys turn the steps."""
    st.html(f"{_PRESENTATION_CSS}<script>{_KEYS_SCRIPT}</script>", unsafe_allow_javascript=True)


def current_screen(screens: list[Screen]) -> int:
    """The 1-based number of the screen the address asks for."""
    return screen_number(st.query_params.get(SCREEN_PARAM), len(screens))


def _go_to(number: int) -> None:
    st.query_params[SCREEN_PARAM] = str(number)


def render_controls(number: int, count: int) -> None:
    """Previous, the position ('3 / 9'), next, and a way out; PageDown / PageUp press them."""
    with st.container(
        key=_CONTROLS_KEY, horizontal=True, vertical_alignment="center", gap="medium"
    ):
        st.button(
            "Föregående",
            icon=":material/arrow_back:",
            disabled=number <= 1,
            on_click=_go_to,
            args=(number - 1,),
            key="foregaende",
        )
        st.markdown(f"**{position_label(number, count)}**", width="content")
        st.button(
            "Nästa",
            icon=":material/arrow_forward:",
            type="primary",
            disabled=number >= count,
            on_click=_go_to,
            args=(number + 1,),
            key="nasta",
        )
        st.space("stretch")
        st.page_link("pages/oversikt.py", label="Avsluta mötesläget", icon=":material/close:")


# -- what the meeting shows -------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingContents:
    """What the meeting shows, gathered once a run: the plan, the goals, late, changes."""

    agreement: StoredAgreement
    status: PlanStatus
    followup: GoalFollowUp
    activities: dict[str, pd.DataFrame]
    late: list[tuple[str, pd.DataFrame]]
    meeting: Meeting | None
    changes: ChangesSince | None
    changes_by_area: list[tuple[str, list[str]]]
    goals: pd.DataFrame


def gather_meeting(agreement: StoredAgreement, status: PlanStatus) -> MeetingContents:
    """Everything the meeting's steps show, from the cached reads."""
    names = [fa.name for fa in status.focus_areas]
    meeting = last_meeting(load_meetings(agreement.id), status.as_of)
    changes = load_changes_since(agreement, meeting.held_on, status.as_of) if meeting else None
    followup = load_goal_followup(agreement)
    return MeetingContents(
        agreement=agreement,
        status=status,
        followup=followup,
        activities={
            name: meeting_activity_table(activities_of_focus_area(status, name), status.as_of)
            for name in names
        },
        late=[
            (
                f"{format_party(group.party)}: "
                f"{format_count(group.count, 'åtagande', 'åtaganden')}",
                meeting_late_table(late_table(group, status.as_of)),
            )
            for group in group_late_commitments(status)
        ],
        meeting=meeting,
        changes=changes,
        changes_by_area=[
            (area, change_lines(part))
            for area, part in (group_by_focus_area(changes, names) if changes else [])
        ],
        goals=meeting_goal_table(followup),
    )


def meeting_outline(contents: MeetingContents) -> MeetingOutline:
    """The outline meeting_screens splits: each list's rows in lines on the narrowest projector."""
    followup = contents.followup
    shown: set[str] = set()
    areas = []
    for name, frame in contents.activities.items():
        own = goals_of_focus_area(followup, name)
        shown |= {
            indicator_key(a.goal.indicator)
            for a in own.assessments
            if a.goal.indicator and _series_of(followup, a) is not None
        }
        areas.append(FocusAreaOutline(name, len(own.assessments), _lines(frame, ACTIVITY_WIDTHS)))
    return MeetingOutline(
        focus_areas=tuple(areas),
        late_lines=tuple(_lines(frame, LATE_WIDTHS) for _, frame in contents.late),
        change_lines=None
        if contents.changes is None
        else tuple(
            tuple(estimate_lines({"": line}, {"": CHANGE_LINE_CHARS}) for line in lines)
            for _, lines in contents.changes_by_area
        ),
        goal_lines=_lines(contents.goals, GOAL_WIDTHS) if followup.has_values else (),
        indicators=tuple(
            index
            for index, series in enumerate(followup.indicators)
            if series.values and indicator_key(series.indicator) not in shown
        ),
    )


def _lines(frame: pd.DataFrame, widths: dict[str, int]) -> tuple[int, ...]:
    chars = {c: n for c, n in column_chars(widths).items() if c in frame.columns}
    return tuple(
        estimate_lines({str(c): str(v) for c, v in row.items()}, chars)
        for row in frame.to_dict("records")
    )


def _series_of(followup: GoalFollowUp, assessment: GoalAssessment) -> IndicatorSeries | None:
    """The goal's indicator with values, drawn against this goal's target; None without."""
    key = indicator_key(assessment.goal.indicator or "")
    for series in followup.indicators:
        if key and indicator_key(series.indicator) == key and series.values:
            return series.model_copy(update={"goals": [assessment.goal]})
    return None


# -- the meeting's tables ---------------------------------------------------------------------


def _wrappable(frame: pd.DataFrame) -> pd.DataFrame:
    """No-break spaces made spaces, but a week's ('v. 12'): in fixed columns a cell must wrap."""
    return frame.map(lambda text: _BREAKABLE.sub(" ", str(text)))


def meeting_activity_table(views: list[ActivityView], as_of: dt.date) -> pd.DataFrame:
    """A focus area's activities in the meeting's columns; a delay under its date."""
    frame = activity_table(views, as_of)
    if "Försening" in frame.columns:
        late = frame["Försening"].astype(str)
        frame[DUE_COLUMN] = frame[DUE_COLUMN].where(late == "", frame[DUE_COLUMN] + "  \n" + late)
    return _wrappable(frame[[c for c in ACTIVITY_WIDTHS if c in frame.columns]])


def meeting_late_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A party's late commitments in the meeting's columns; the days under the reason."""
    frame = frame.copy()
    frame["Varför"] = frame["Varför"] + "  \n" + frame["Dagar efter"] + " dagar"
    return _wrappable(frame[list(LATE_WIDTHS)])


def meeting_goal_table(followup: GoalFollowUp) -> pd.DataFrame:
    """The goal table of Trygghet och mål, its cells free to wrap in the meeting's columns."""
    return _wrappable(goal_table(followup))


# -- the steps --------------------------------------------------------------------------------


def render_screen(screen: Screen, contents: MeetingContents) -> None:
    """Draw one step of the meeting."""
    st.title(escape_markdown(screen.title), anchor=False)
    _RENDERERS[screen.kind](screen, contents)


def _render_overview(screen: Screen, contents: MeetingContents) -> None:
    areas = contents.status.focus_areas
    done = sum(a.done for a in areas)
    countable = sum(a.activities - a.standing - a.cancelled for a in areas)
    with st.container(horizontal=True):
        st.metric("Aktiviteter", sum(a.activities for a in areas), border=True)
        st.metric("Genomförda", done, border=True)
        st.metric(
            "Genomfört av planerat",
            format_percent(done / countable if countable else None),
            border=True,
        )
        st.metric("Försenade", sum(a.overdue for a in areas), border=True)
        st.metric("Uppföljning saknas", sum(a.followup_missing for a in areas), border=True)
    with st.container(key=_CHART_KEY):
        st.altair_chart(build_status_chart(areas, meeting=True), width="stretch", height="stretch")


def _render_focus_area(screen: Screen, contents: MeetingContents) -> None:
    summary = next((s for s in contents.status.focus_areas if s.name == screen.focus_area), None)
    if summary is None:
        st.info("Fokusområdet finns inte längre i planen.")
        return
    render_focus_area_summary(summary)


def _render_goal(screen: Screen, contents: MeetingContents) -> None:
    own = goals_of_focus_area(contents.followup, screen.focus_area or "")
    if screen.item is None or screen.item >= len(own.assessments):
        return
    assessment = own.assessments[screen.item]
    goal = assessment.goal
    where = f" ({screen.subheading})" if screen.subheading else ""
    st.subheader(
        f"{goal.kind.value.capitalize()}{where}: {escape_markdown(goal.text)}", anchor=False
    )
    status = format_goal_status(assessment.status)
    series = _series_of(contents.followup, assessment)
    if goal.indicator:
        unit = series.unit if series else None
        values = " · ".join(
            f"{word} {format_indicator_value(value, unit)}" + (f" ({year})" if year else "")
            for word, value, year in (
                ("basvärde", goal.baseline_value, goal.baseline_year),
                ("senast", assessment.latest_value, assessment.latest_year),
                ("mål", goal.target_value, goal.target_year),
            )
        )
        st.markdown(
            f"{status} · {trend_text(assessment)}  \n"
            f"**{escape_markdown(goal.indicator)}:** {values}"
        )
    else:
        st.markdown(status)
    st.markdown(escape_markdown(assessment.reason))
    if series is not None:
        _render_indicator_chart(series)


def _render_indicator_chart(series: IndicatorSeries) -> None:
    with st.container(key=_CHART_KEY):
        st.vega_lite_chart(
            load_indicator_chart_spec(series, meeting=True), width="stretch", height="stretch"
        )


def _render_activities(screen: Screen, contents: MeetingContents) -> None:
    frame = contents.activities.get(screen.focus_area or "")
    if frame is None or not screen.slices:
        return
    rows = screen.slices[0]
    st.subheader(screen.subheading, anchor=False)
    with st.container(key="motestabell_aktiviteter"):
        st.table(frame.iloc[rows.start : rows.stop], hide_index=True)


def _render_late(screen: Screen, contents: MeetingContents) -> None:
    if not contents.late:
        st.success(
            "Inget är försenat och ingen uppföljning saknas.", icon=":material/check_circle:"
        )
        return
    if screen.slices and screen.slices[0] == Slice(
        0, 0, screen.slices[0].stop, screen.slices[0].count
    ):
        total = sum(len(frame) for _, frame in contents.late)
        st.markdown(
            f"**{format_count(total, 'åtagande', 'åtaganden')}** är försenade eller saknar "
            f"uppföljning den {format_date(contents.status.as_of)}, flest dagar efter först."
        )
    for rows in screen.slices:
        heading, frame = contents.late[rows.group]
        st.subheader(f"{heading}{part_label(rows)}", anchor=False)
        with st.container(key=f"motestabell_forsenade_{rows.group}"):
            st.table(frame.iloc[rows.start : rows.stop], hide_index=True)


def _render_changes(screen: Screen, contents: MeetingContents) -> None:
    if contents.meeting is None or contents.changes is None:
        st.info(
            "Inget möte är registrerat ännu, så det finns inget förra möte att jämföra med. "
            "Registrera mötena på sidan **Förändringar**.",
            icon=":material/groups:",
        )
        return
    st.markdown(
        f"Sedan {escape_markdown(meeting_label(contents.meeting))} till "
        f"{format_date(contents.status.as_of)}."
    )
    render_change_counts(contents.changes)
    if contents.changes.is_empty:
        st.success("Inget har ändrats i planen under perioden.", icon=":material/check_circle:")


def _render_change_list(screen: Screen, contents: MeetingContents) -> None:
    for rows in screen.slices:
        area, lines = contents.changes_by_area[rows.group]
        st.subheader(f"{escape_markdown(area)}{part_label(rows)}", anchor=False)
        st.markdown("\n".join(lines[rows.start : rows.stop]))


def _render_outcomes(screen: Screen, contents: MeetingContents) -> None:
    followup = contents.followup
    first = not screen.slices or screen.slices[0].start == 0
    if first:
        render_goal_count(followup)
    if not followup.has_values:
        render_no_survey(contents.agreement.kommun)
        return
    if not screen.slices:
        render_goal_table(followup)
        return
    rows = screen.slices[0]
    if not first:
        st.subheader(screen.subheading, anchor=False)
    with st.container(key="motestabell_mal"):
        st.table(contents.goals.iloc[rows.start : rows.stop], hide_index=True)


def _render_indicator(screen: Screen, contents: MeetingContents) -> None:
    indicators = contents.followup.indicators
    if screen.item is not None and screen.item < len(indicators):
        _render_indicator_chart(indicators[screen.item])


_RENDERERS: dict[ScreenKind, Callable[[Screen, MeetingContents], None]] = {
    ScreenKind.OVERVIEW: _render_overview,
    ScreenKind.FOCUS_AREA: _render_focus_area,
    ScreenKind.FOCUS_GOAL: _render_goal,
    ScreenKind.ACTIVITIES: _render_activities,
    ScreenKind.LATE: _render_late,
    ScreenKind.CHANGES: _render_changes,
    ScreenKind.CHANGE_LIST: _render_change_list,
    ScreenKind.OUTCOMES: _render_outcomes,
    ScreenKind.INDICATOR: _render_indicator,
}
