"""Rendering pieces shared by pages: headline metrics, focus-area cards, the empty state."""

from __future__ import annotations

import streamlit as st

from samverkan.models import FocusAreaSummary, PlanStatus
from samverkan.web.format import format_date, format_datetime, format_percent


def render_empty_store() -> None:
    """What to do when the store holds no agreement yet."""
    st.title("Välkommen till Samverkan")
    st.info(
        "Det finns ingen överenskommelse i databasen ännu. Hämta Excel-mallen med "
        "`samverkan template mall.xlsx`, fyll i aktivitetsplanen och läs in den med "
        "`samverkan import mall.xlsx`. Sidan visar läget så snart planen är inläst."
    )


def render_headline(status: PlanStatus) -> None:
    """The agreement's totals in a row of metrics, and where the data comes from."""
    areas = status.focus_areas
    total = sum(a.activities for a in areas)
    done = sum(a.done for a in areas)
    overdue = sum(a.overdue for a in areas)
    followup = sum(a.followup_missing for a in areas)
    countable = sum(a.activities - a.standing - a.cancelled for a in areas)
    with st.container(horizontal=True):
        st.metric("Aktiviteter", total, border=True)
        st.metric("Genomförda", done, border=True)
        st.metric(
            "Genomfört av planerat",
            format_percent(done / countable if countable else None),
            border=True,
            help="Genomförda ÷ (alla − inställda − stående)",
        )
        st.metric("Försenade", overdue, border=True, help="Slutdatum passerat och inte genomförd")
        st.metric("Uppföljning saknas", followup, border=True)
    upload = status.upload
    source = (
        f"Senast uppdaterad {format_datetime(upload.uploaded_at)} från filen "
        f"**{upload.file_name}** av {upload.uploaded_by}."
        if upload
        else ""
    )
    st.caption(f"Bedömt {format_date(status.as_of)}. {source}")


def render_focus_area_cards(status: PlanStatus) -> None:
    """One card per focus area: activities, done, late, progress."""
    with st.grid(columns="auto", min_column_width=320, gap="medium"):
        for summary in status.focus_areas:
            _render_card(summary)


def _render_card(summary: FocusAreaSummary) -> None:
    with st.container(border=True):
        st.subheader(summary.name)
        progress = summary.progress or 0.0
        st.progress(progress, text=f"{format_percent(summary.progress)} genomfört")
        with st.container(horizontal=True):
            st.metric("Aktiviteter", summary.activities)
            st.metric("Genomförda", summary.done)
            st.metric("Försenade", summary.overdue)
        extra = []
        if summary.standing:
            extra.append(f"{summary.standing} stående")
        if summary.cancelled:
            extra.append(f"{summary.cancelled} inställda")
        if summary.followup_missing:
            extra.append(f"{summary.followup_missing} saknar uppföljning")
        if extra:
            st.caption(", ".join(extra).capitalize() + ".")
