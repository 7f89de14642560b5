"""Goals against the safety survey on the pages: the goal table, the charts, the count line.

Parts:
- words: GOAL_STATUS_ICONS, format_goal_status, format_indicator_value, goal_table
- Trygghet och mål: render_goal_count, render_goal_table (cards instead on a phone),
  render_reading_guide, render_indicator_charts, render_no_survey
- charts: each indicator's chart as a spec built once per data version (web/data.py)
- Fokusområde: render_focus_area_goals (a card per goal, then compact charts)
- Översikt: render_goal_headline (how many goals are on track, linking to Trygghet och mål)

An assessment is always a word with an icon of its own shape, never colour alone.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

# Private, but the very conversion st.altair_chart makes (Streamlit is pinned to 1.67.x in
# pyproject.toml; tests/web/test_goals.py checks that the cached chart is the one it draws).
from samverkan.goal_followup import count_of, goal_count_line, trend_text
from samverkan.indicators import indicator_key
from samverkan.models import GoalAssessment, GoalFollowUp, GoalStatus, Unit
from samverkan.swedish import format_decimal, format_integer, format_percent_points
from samverkan.web.data import load_indicator_chart_spec
from samverkan.web.format import escape_markdown
from samverkan.web.responsive import render_wide_or_narrow
from samverkan.web.views import UPLOAD_PAGE, render_goals

GOALS_PAGE = "pages/trygghet.py"

# A different shape for each, as well as a colour.
GOAL_STATUS_ICONS = {
    GoalStatus.MET: ":green[:material/check_circle:]",
    GoalStatus.ON_TRACK: ":blue[:material/arrow_circle_right:]",
    GoalStatus.OFF_TRACK: ":red[:material/warning:]",
    GoalStatus.UNKNOWN: ":gray[:material/help:]",
}
GOAL_TABLE_COLUMNS = ("Mål", "Fokusområde", "Indikator", "Värden", "Bedömning", "Motivering")
_NOWRAP = "\u00a0"
_GOALS_KEY = "malen"


def format_goal_status(status: GoalStatus) -> str:
    """':green[:material/check_circle:] Uppnått' (Markdown); the word is always there."""
    return f"{GOAL_STATUS_ICONS[status]} {status.value.capitalize()}"


def format_indicator_value(value: float | None, unit: Unit | None) -> str:
    """'1,79' (index), '59,4 %' (share), '1 234' (a count); '–' for no value."""
    if value is None:
        return "–"
    if unit is Unit.PROCENT:
        return format_percent_points(value, 1)
    if unit is Unit.INDEX_0_6:
        return format_decimal(value, 2)
    if float(value).is_integer():
        return format_integer(int(value))
    return format_decimal(value, 1)


def _with_year(value: float | None, year: int | None, unit: Unit | None) -> str:
    if value is None:
        return "–"
    text = format_indicator_value(value, unit)
    return f"{text}{_NOWRAP}({year})" if year else text


def goal_table(followup: GoalFollowUp, *, show_focus_area: bool = True) -> pd.DataFrame:
    """One row per goal: the goal, its indicator, its values, bedömning with trend, the reason.

    Baseline, latest and target share a cell, a line each, and the trend sits under the
    bedömning: nine narrow columns left the reason a word per line on a 1440-pixel screen.
    """
    units = _units(followup)
    rows = []
    for assessment in followup.assessments:
        goal = assessment.goal
        unit = units.get(indicator_key(goal.indicator)) if goal.indicator else None
        status = format_goal_status(assessment.status).replace(" ", _NOWRAP)
        rows.append(
            {
                "Mål": escape_markdown(goal.text),
                "Fokusområde": escape_markdown(goal.focus_area) or "–",
                "Indikator": escape_markdown(goal.indicator) or "Ingen indikator",
                "Värden": _values_cell(assessment, unit) if goal.indicator else "–",
                "Bedömning": f"{status}  \n{trend_text(assessment)}" if goal.indicator else status,
                "Motivering": escape_markdown(assessment.reason),
            }
        )
    columns = [c for c in GOAL_TABLE_COLUMNS if show_focus_area or c != "Fokusområde"]
    return pd.DataFrame(rows, columns=columns)


def _values_cell(assessment: GoalAssessment, unit: Unit | None) -> str:
    """'Bas 2,45 (2019)', 'Senast 2,12 (2023)' and 'Mål 2,00 (2027)', a line each."""
    goal = assessment.goal
    return "  \n".join(
        (
            f"Bas{_NOWRAP}{_with_year(goal.baseline_value, goal.baseline_year, unit)}",
            f"Senast{_NOWRAP}{_with_year(assessment.latest_value, assessment.latest_year, unit)}",
            f"Mål{_NOWRAP}{_with_year(goal.target_value, goal.target_year, unit)}",
        )
    )


def render_goal_count(followup: GoalFollowUp) -> None:
    """'**2 av 5 mål uppnådda eller på väg** · 2 inte på väg · 1 kan inte bedömas'."""
    line = goal_count_line(followup)
    if not line:
        return
    st.markdown(f"#### :material/flag: {line}\n\n{goal_breakdown(followup)}")


def goal_breakdown(followup: GoalFollowUp) -> str:
    """'1 uppnått · 1 på väg · 2 inte på väg · 1 kan inte bedömas', each with its icon."""
    return " · ".join(
        f"{GOAL_STATUS_ICONS[status]} {count} {status.value}"
        for status in GoalStatus
        if (count := count_of(followup, status))
    )


def render_goal_table(followup: GoalFollowUp, *, show_focus_area: bool = True) -> None:
    """The goal table on a wide screen, a card per goal on a phone; a note when there are none.

    Six columns cannot be read in a narrow main column (a phone; 1024 pixels with the
    sidebar open): there a card per goal instead (render_wide_or_narrow).
    """
    if not followup.assessments:
        st.info(
            "Överenskommelsen har inga mål inlästa ännu. Mål läggs till på mallens blad "
            "**Mål** (mål, indikator, basår, basvärde, målvärde, målår) och laddas upp med "
            "planen på sidan **Ladda upp**.",
            icon=":material/flag:",
        )
        return
    render_wide_or_narrow(
        _GOALS_KEY,
        lambda: st.table(goal_table(followup, show_focus_area=show_focus_area), hide_index=True),
        lambda: render_goal_cards(followup, columns=1),
    )


def render_goal_cards(followup: GoalFollowUp, *, columns: int | None = None) -> None:
    """A card per goal: side by side where they fit, one under the other on a phone."""
    units = _units(followup)
    with st.grid(columns=columns or "auto", min_column_width=380, gap="small"):
        for assessment in followup.assessments:
            indicator = assessment.goal.indicator
            render_goal_card(assessment, units.get(indicator_key(indicator or "")))


def render_goal_card(assessment: GoalAssessment, unit: Unit | None) -> None:
    """One goal: its text, bedömning and trend, the values, and the reason in words."""
    goal = assessment.goal
    with st.container(border=True, gap="small"):
        st.markdown(f"**{goal.kind.value.capitalize()}:** {escape_markdown(goal.text)}")
        status = format_goal_status(assessment.status)
        if goal.indicator:
            st.markdown(f"{status} · {trend_text(assessment)}")
            base = _with_year(goal.baseline_value, goal.baseline_year, unit)
            latest = _with_year(assessment.latest_value, assessment.latest_year, unit)
            target = _with_year(goal.target_value, goal.target_year, unit)
            st.markdown(
                f"{escape_markdown(goal.indicator)}  \n"
                f"Basvärde {base} · senast {latest} · mål {target}"
            )
        else:
            st.markdown(status)
        st.caption(escape_markdown(assessment.reason))


def _units(followup: GoalFollowUp) -> dict[str, Unit]:
    return {indicator_key(s.indicator): s.unit for s in followup.indicators}


def render_reading_guide() -> None:
    """How to read the values and how a goal is judged, in a few sentences."""
    st.markdown(
        "**Så läser du värdena.** Frågorna om problem i området redovisas som ett **index från "
        "0 till 6**: 0 betyder att nästan ingen ser det som ett problem, 6 att det upplevs som "
        "mycket stort. **Lägre är alltså bättre.** Andra frågor redovisas som **andel i "
        "procent** av dem som svarat; där står det vid diagrammet vilket håll som är bättre. "
        "Den streckade linjen är målvärdet och den ofyllda romben basvärdet."
    )
    with st.expander("Så bedöms målen", icon=":material/rule:"):
        st.markdown(
            "- **Uppnått**: det senaste värdet för hela kommunen når målvärdet.\n"
            "- **På väg**: trenden de senaste fyra åren, förlängd till målåret, når målet.\n"
            "- **Inte på väg**: trenden går åt fel håll, står still eller är för långsam, "
            "eller så har målåret passerat utan att målet nåddes.\n"
            "- **Kan inte bedömas**: målvärde, målår, riktning eller mätvärden saknas, eller "
            "det finns bara en mätning."
        )


def render_indicator_charts(followup: GoalFollowUp, *, compact: bool = False) -> None:
    """One chart per indicator: side by side on a wide screen, one under another on a phone."""
    with st.grid(columns="auto", min_column_width=360 if compact else 560, gap="medium"):
        for series in followup.indicators:
            with st.container(border=True):
                st.vega_lite_chart(
                    load_indicator_chart_spec(series, compact=compact), width="stretch"
                )


def render_no_survey(kommun: str) -> None:
    """What to do when the kommun has no survey values yet."""
    st.info(
        f"Det finns inga värden från trygghetsmätningen för {escape_markdown(kommun)} ännu, så "
        "målen kan inte bedömas. Ladda upp trygghetsmätningen (en Excelfil med År, Område, "
        "Indikator och Värde, eller en export från Kolada) på sidan **Ladda upp**. Appen "
        "känner själv igen att det är en mätning och inte en aktivitetsplan.",
        icon=":material/info:",
    )
    st.page_link(UPLOAD_PAGE, label="Ladda upp trygghetsmätningen", icon=":material/upload_file:")


def render_focus_area_goals(followup: GoalFollowUp) -> None:
    """A focus area's goals, each with its bedömning and trend, then its indicators compact."""
    if not followup.assessments:
        render_goals([])
        return
    render_goal_cards(followup)
    if followup.indicators:
        render_indicator_charts(followup, compact=True)
    elif any(a.goal.indicator for a in followup.assessments):
        st.caption(
            "Indikatorerna har inga värden ännu: ladda upp trygghetsmätningen på sidan "
            "**Ladda upp**."
        )


def render_goal_headline(followup: GoalFollowUp) -> None:
    """Översikt's line on the goals: how many are on track, and a link to Trygghet och mål."""
    line = goal_count_line(followup)
    if not line:
        return
    with st.container(border=True, horizontal=True, vertical_alignment="center", gap="medium"):
        st.markdown(f"#### :material/flag: {line}", width="content")
        st.markdown(goal_breakdown(followup), width="content")
        st.page_link(GOALS_PAGE, label="Visa Trygghet och mål", icon=":material/arrow_forward:")
