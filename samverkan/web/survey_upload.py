"""The upload page for a survey file (trygghetsmätning, Kolada): what was read, then save.

Parts:
- format_survey_value: a value as Swedes write it ('1,95', '59 %'; missing '–')
- survey_values_table: indicators and areas down, years across
- render_survey_report: the verdict, kommun, indicators, years, areas, warnings and values
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from samverkan.indicators import UNIT_LABELS
from samverkan.models import SurveyReport, SurveyValue, Unit
from samverkan.swedish import format_count, format_number, format_percent_points
from samverkan.web.format import escape_markdown
from samverkan.web.tables import issues_table


def format_survey_value(value: float | None, unit: Unit) -> str:
    """1.95 → '1,95', 59.0 (procent) → '59 %', 1450.5 → '1 450,5'; None → '–'."""
    if unit is Unit.PROCENT:
        return format_percent_points(value, 2)
    return format_number(value)


def survey_values_table(values: list[SurveyValue]) -> pd.DataFrame:
    """One row per kommun, indicator and area, one column per year (for st.table, escaped)."""
    years = sorted({v.year for v in values})
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for v in values:
        row = rows.setdefault(
            (v.kommun, v.indicator, v.area),
            {
                "Kommun": escape_markdown(v.kommun),
                "Indikator": escape_markdown(v.indicator),
                "Område": escape_markdown(v.area),
                "Mått": UNIT_LABELS[v.unit],
                **{str(y): "–" for y in years},
            },
        )
        row[str(v.year)] = format_survey_value(v.value, v.unit)
    columns = ["Kommun", "Indikator", "Område", "Mått", *map(str, years)]
    if len({v.kommun for v in values}) <= 1:
        columns.remove("Kommun")
    return pd.DataFrame(list(rows.values()), columns=columns)


def year_span(years: list[int]) -> str:
    """'2020–2023', or one year."""
    if not years:
        return "–"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def render_survey_report(survey: SurveyReport, *, waiting_for_kommun: bool = False) -> None:
    """Whether the survey can be stored, and what was read from it; while the kommun is
    not chosen (`waiting_for_kommun`) no verdict, since choosing it is the next step."""
    if survey.errors:
        st.error(
            f"Filen kan inte läsas in: {format_count(len(survey.errors), 'fel', 'fel')}. "
            "Inget har sparats. Rätta i filen och ladda upp den igen.",
            icon=":material/block:",
        )
    elif waiting_for_kommun:
        pass
    elif not survey.values:
        st.error(
            "Filen innehåller inga mätvärden som går att läsa in. Inget har sparats.",
            icon=":material/block:",
        )
    else:
        warnings = (
            f", med {format_count(len(survey.warnings), 'varning', 'varningar')} att titta på"
            if survey.warnings
            else ""
        )
        st.success(
            "Filen är en trygghetsmätning eller nyckeltal och går att läsa in: "
            f"{format_count(len(survey.values), 'mätvärde', 'mätvärden')}{warnings}. "
            "Kontrollera nedan och tryck sedan på **Spara**.",
            icon=":material/check_circle:",
        )
    if survey.issues:
        st.subheader("Fel och varningar", anchor=False)
        st.table(issues_table(survey.issues), hide_index=True)
    if not survey.values:
        return
    st.subheader("Så här lästes filen", anchor=False)
    for kommun in survey.kommuner:
        values = [v for v in survey.values if v.kommun == kommun]
        indicators = list(dict.fromkeys(v.indicator for v in values))
        areas = list(dict.fromkeys(v.area for v in values))
        missing = sum(v.value is None for v in values)
        gaps = f", varav {format_count(missing, 'saknas', 'saknas')}" if missing else ""
        st.markdown(
            f"**{escape_markdown(kommun)}:** "
            f"{format_count(len(values), 'mätvärde', 'mätvärden')}{gaps}, "
            f"år {year_span(sorted({v.year for v in values}))}.\n\n"
            f"- Indikatorer: {', '.join(escape_markdown(i) for i in indicators)}\n"
            f"- Områden: {', '.join(escape_markdown(a) for a in areas)}"
        )
    st.table(survey_values_table(survey.values), hide_index=True)
