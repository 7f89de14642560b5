"""Jämförelse's pieces: the scope from the address, the sortable table, a card per agreement,
the small multiples and the Excel download.

The address chooses the scope (`?lpo=Kävlinge`, `?lan=Skåne`, neither: the whole store) and
the day (`?dag=2025-06-01`, else today). Each row links to its agreement's Översikt by
`?avtal=` (the agreement's id; and `?dag=` when the address has one), not by its kommun: a
kommun with two agreements (an ended one and a running one, or two from a re-signing) has
two rows, each opening its own.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from samverkan.comparison import STALE_DAYS, ComparisonScope
from samverkan.models import ComparisonRow, Unit
from samverkan.swedish import format_count, format_date, format_days, format_percent
from samverkan.web.data import load_comparison_chart_spec
from samverkan.web.format import LATE_ICON, escape_markdown
from samverkan.web.goals import format_indicator_value
from samverkan.web.responsive import render_wide_or_narrow
from samverkan.web.shell import AGREEMENT_PARAM

OVERVIEW_PAGE = "pages/oversikt.py"
STALE_WORD = f"Över {STALE_DAYS} dagar"
NO_PLAN_WORD = "Ingen plan"
MAX_CARDS = 24


def scope_from_url() -> ComparisonScope:
    """`?lpo=` or `?lan=` (the LPO wins when both are given); neither: the whole store."""
    lpo = str(st.query_params.get("lpo", "")).strip()
    lan = str(st.query_params.get("lan", "")).strip()
    if lpo:
        return ComparisonScope(lpo=lpo)
    return ComparisonScope(lan=lan) if lan else ComparisonScope()


def day_from_url() -> dt.date | None:
    """`?dag=2025-06-01`: the day to judge on; None (today) when absent or not a date."""
    try:
        return dt.date.fromisoformat(str(st.query_params.get("dag", "")).strip())
    except ValueError:
        return None


def overview_query(row: ComparisonRow, day: dt.date | None) -> dict[str, str]:
    """The address of the agreement's Översikt: its id, and the day when one was given."""
    query = {AGREEMENT_PARAM: str(row.agreement.id)}
    return {**query, "dag": day.isoformat()} if day else query


def survey_text(row: ComparisonRow) -> str:
    """'2,12 (mål 2,00) 2023', or '–' without a goal measured by the survey."""
    if row.survey_value is None:
        return "–"
    unit: Unit | None = row.survey_unit
    value = format_indicator_value(row.survey_value, unit)
    target = format_indicator_value(row.survey_target, unit)
    return f"{value} (mål {target}) {row.survey_year or ''}".strip()


def goals_text(row: ComparisonRow) -> str:
    """'2 av 5', or '–' without goals."""
    return f"{row.goals_met_or_on_track} av {row.goals}" if row.goals else "–"


def flag_text(row: ComparisonRow) -> str:
    """The flag for a plan not updated in over STALE_DAYS days (or none at all); '' if fresh."""
    if row.days_since_upload is None:
        return f"⚠ {NO_PLAN_WORD}"
    return f"⚠ {STALE_WORD}" if row.stale else ""


def comparison_frame(rows: list[ComparisonRow], day: dt.date | None) -> pd.DataFrame:
    """The table's rows: numbers stay numbers (the columns sort by value), words are words."""
    records = [
        {
            "Kommun": r.agreement.kommun,
            "Översikt": "./?" + urlencode(overview_query(r, day)),
            "LPO": r.agreement.lpo or "",
            "Period": r.agreement.period_label,
            "Genomfört": _whole_percent(r.progress),
            "Försenade": r.late,
            "Försenade av planerade": _whole_percent(r.late_share),
            "Uppföljning saknas": r.followup_missing,
            "Mål uppnådda eller på väg": goals_text(r),
            "Trygghetsindex mot mål": survey_text(r),
            "Dagar sedan uppladdning": r.days_since_upload,
            "Flagga": flag_text(r),
        }
        for r in rows
    ]
    return pd.DataFrame.from_records(records, columns=list(_COLUMNS))


def _whole_percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


_COLUMNS = {
    "Kommun": st.column_config.TextColumn("Kommun", pinned=True),
    "Översikt": st.column_config.LinkColumn(
        "Översikt", display_text="Öppna", help="Överenskommelsens översikt"
    ),
    "LPO": st.column_config.TextColumn("LPO"),
    "Period": st.column_config.TextColumn("Period", width="small"),
    "Genomfört": st.column_config.NumberColumn(
        "Genomfört", format="%d %%", help="Genomförda ÷ (alla − inställda − stående)"
    ),
    "Försenade": st.column_config.NumberColumn(
        "Försenade", format="%d", help="Slutdatum passerat och inte genomförd"
    ),
    "Försenade av planerade": st.column_config.NumberColumn(
        "Andel försenade", format="%d %%", help="Försenade ÷ (alla − inställda − stående)"
    ),
    "Uppföljning saknas": st.column_config.NumberColumn(
        "Uppföljning saknas",
        format="%d",
        help="Genomförd, men uppföljningsdatumet har passerat utan uppföljning",
    ),
    "Mål uppnådda eller på väg": st.column_config.TextColumn(
        "Mål på väg", help="Mål uppnådda eller på väg, av alla mål"
    ),
    "Trygghetsindex mot mål": st.column_config.TextColumn(
        "Trygghet mot mål",
        help="Senaste värdet för det första målet som mäts med trygghetsmätningen, och målvärdet",
    ),
    "Dagar sedan uppladdning": st.column_config.NumberColumn(
        "Dagar sedan uppladdning", format="%d", help="Dagar sedan planen senast laddades upp"
    ),
    "Flagga": st.column_config.TextColumn(
        "Inaktuell plan",
        help=f"Planen har inte laddats upp på över {STALE_DAYS} dagar, eller aldrig",
    ),
}


def render_comparison(rows: list[ComparisonRow], day: dt.date | None) -> None:
    """The table where the main column is wide, a card per agreement where it is narrow."""
    render_wide_or_narrow(
        "jamforelse",
        lambda: st.dataframe(
            comparison_frame(rows, day),
            column_config=_COLUMNS,
            hide_index=True,
            width="stretch",
        ),
        lambda: _render_cards(rows, day),
    )


def _render_cards(rows: list[ComparisonRow], day: dt.date | None) -> None:
    """A card per agreement (MAX_CARDS at most: a phone is not read further than that)."""
    for row in rows[:MAX_CARDS]:
        with st.container(border=True, key=f"jamforelse_avtal_{row.agreement.id}"):
            agreement = row.agreement
            lpo = f" · LPO {escape_markdown(agreement.lpo)}" if agreement.lpo else ""
            late = format_count(row.late, "försenad", "försenade")
            flag = flag_text(row)
            upload = (
                f"Uppladdad för {format_days(row.days_since_upload)} sedan"
                if row.days_since_upload is not None
                else ""
            )
            flag = f"**⚠ Inaktuell plan ({flag.removeprefix('⚠ ').lower()})**" if flag else ""
            last = " · ".join(p for p in (upload, flag) if p)
            st.markdown(
                f"**{escape_markdown(agreement.kommun)}** {agreement.period_label}{lpo}  \n"
                f"{format_percent(row.progress)} genomfört ({row.done} av {row.planned})  \n"
                f"{LATE_ICON} {late} ({format_percent(row.late_share)}) · "
                f"{row.followup_missing} saknar uppföljning  \n"
                f"Mål uppnådda eller på väg: {goals_text(row)} · "
                f"Trygghetsmätning: {escape_markdown(survey_text(row))}  \n{last}"
            )
            st.page_link(
                OVERVIEW_PAGE,
                label="Öppna översikten",
                icon=":material/arrow_forward:",
                query_params=overview_query(row, day),
            )
    if len(rows) > MAX_CARDS:
        st.caption(
            f"Kort visas för de {MAX_CARDS} första av {len(rows)}. Välj ett lokalpolisområde "
            "eller län i adressen (?lpo=, ?lan=), eller ladda ned tabellen som Excel."
        )


def render_summary(rows: list[ComparisonRow], as_of: dt.date) -> None:
    """The scope's totals over every row, by the same rules as each row."""
    planned = sum(r.planned for r in rows)
    done = sum(r.done for r in rows)
    with st.container(horizontal=True):
        st.metric("Överenskommelser", len(rows), border=True)
        st.metric(
            "Genomfört av planerat",
            format_percent(done / planned if planned else None),
            border=True,
            help="Alla överenskommelsers genomförda ÷ deras planerade",
        )
        st.metric("Försenade", sum(r.late for r in rows), border=True)
        st.metric("Uppföljning saknas", sum(r.followup_missing for r in rows), border=True)
        st.metric(
            f"Ej uppdaterade på {STALE_DAYS} dagar",
            sum(r.stale for r in rows),
            border=True,
            help="Planer som inte laddats upp på över 120 dagar, eller aldrig",
        )
    st.caption(
        f"Bedömt {format_date(as_of)}: "
        f"{format_count(len(rows), 'överenskommelse', 'överenskommelser')} som gäller den dagen. "
        "Klicka på en kolumnrubrik för att sortera."
    )


def render_chart(rows: list[ComparisonRow], as_of: dt.date) -> None:
    """The small multiples: four panels a line where wide, one where narrow (a phone)."""
    from samverkan.charts.comparison import MAX_PANELS

    shown = [r for r in rows if r.history]
    if not shown:
        return
    render_wide_or_narrow(
        "jamforelse_diagram",
        lambda: st.vega_lite_chart(load_comparison_chart_spec(shown, as_of, 4), width="content"),
        lambda: st.vega_lite_chart(load_comparison_chart_spec(shown, as_of, 1), width="content"),
    )
    if len(shown) > MAX_PANELS:
        st.caption(
            f"Diagrammet visar de {MAX_PANELS} första av {len(shown)} överenskommelser i "
            "tabellens ordning. Välj ett lokalpolisområde eller län i adressen (?lpo=, ?lan=) "
            "för att se de andra."
        )
