"""Streamlit glue for the exports: the report downloads and the medborgarlöften list.

Parts:
- Rapporter: choose_report (kind, and every period the store has a plan for: an older plan
  comes in on Ladda upp with the day it held), render_report_downloads (PDF and Excel,
  built when the button is pressed and cached by the store's version)
- Medborgarlöften: render_citizen_promises, render_promises_download
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from samverkan.citizen_promises import build_promises_html
from samverkan.models import (
    Agreement,
    CitizenPromise,
    ReportFormat,
    ReportKind,
    ReportPeriod,
    StoredAgreement,
)
from samverkan.reports import (
    MIME_TYPES,
    report_day,
    report_file_name,
    report_periods,
)
from samverkan.swedish import format_date
from samverkan.web import auth
from samverkan.web.data import load_first_plan_day, report_download
from samverkan.web.format import escape_markdown
from samverkan.web.views import UPLOAD_PAGE

KIND_LABELS = {
    ReportKind.QUARTER: "Kvartalsrapport (KSAU)",
    ReportKind.YEAR: "Årsrapport (kommunstyrelsen och LPO-chefen)",
}
FORMAT_LABELS = {
    ReportFormat.PDF: "Ladda ned som PDF",
    ReportFormat.XLSX: "Ladda ned som Excel",
    ReportFormat.DOCX: "Ladda ned som Word (.docx)",
}
FORMAT_ICONS = {
    ReportFormat.PDF: ":material/picture_as_pdf:",
    ReportFormat.XLSX: ":material/table:",
    ReportFormat.DOCX: ":material/description:",
}


def periods_with_plan(
    kind: ReportKind, agreement: Agreement, today: dt.date, first_plan_on: dt.date | None
) -> list[ReportPeriod]:
    """Every period of the agreement that has begun by `today` and has a plan on the day it
    is judged on, the newest first: a report of any other would be empty."""
    if first_plan_on is None:
        return []
    return [
        period
        for period in report_periods(kind, agreement, today)
        if report_day(agreement, period, today) >= first_plan_on
    ]


def judged_today(period: ReportPeriod, as_of: dt.date, today: dt.date) -> dt.date:
    """The 'today' a period's report is judged by: the sidebar's day in its own period (a
    running one judged on an earlier day), else today."""
    return as_of if period.start <= as_of <= period.end else today


def choose_report(
    agreement: StoredAgreement, as_of: dt.date, today: dt.date | None = None
) -> ReportPeriod | None:
    """The kind of report and its period (every one the store has a plan for, newest first,
    the sidebar's day chosen); None, with what to do, when there is none."""
    today = today or dt.date.today()
    kind = (
        st.radio(
            "Rapport",
            list(ReportKind),
            format_func=lambda k: KIND_LABELS[k],
            horizontal=True,
            key="report_kind",
        )
        or ReportKind.QUARTER
    )
    first = load_first_plan_day(agreement.id)
    begun = report_periods(kind, agreement, today)
    periods = periods_with_plan(kind, agreement, today, first)
    if not begun:
        st.info("Överenskommelsens första period har inte börjat ännu.", icon=":material/info:")
        return None
    if len(periods) < len(begun):
        _render_periods_without_plan(agreement, first, none_left=not periods)
    if not periods:
        return None
    holding = [p for p in periods if p.start <= as_of <= p.end]
    chosen: ReportPeriod | None = st.selectbox(
        "Period",
        periods,
        index=periods.index(holding[0]) if holding else 0,
        format_func=period_label,
        key=f"report_period_{kind.value}_{agreement.id}",
        width=480,
    )
    return chosen


def _render_periods_without_plan(
    agreement: StoredAgreement, first: dt.date | None, *, none_left: bool
) -> None:
    """Say which periods are not offered and why, and where an older plan is read in."""
    if first is None:
        why = "Överenskommelsen har ingen aktivitetsplan inläst ännu, så det finns ingen rapport."
    elif none_left:
        why = (
            f"Den första aktivitetsplanen gäller från {format_date(first)}, efter "
            "överenskommelsens perioder, så det finns ingen rapport att göra ännu."
        )
    else:
        why = (
            f"Perioder som slutade före {format_date(first)} finns inte i listan: då fanns "
            "ingen aktivitetsplan inläst."
        )
    how = (
        " En äldre plan läses in på sidan **Ladda upp**: ange dagen den gällde i fältet "
        "**Planen gällde per**, så kommer dess perioder med här."
    )
    may_upload = auth.may_write_here([agreement.kommun])
    if none_left:
        st.info(why + how, icon=":material/info:")
    else:
        st.caption(why + how)
    if may_upload and none_left:
        st.page_link(UPLOAD_PAGE, label="Ladda upp en äldre plan", icon=":material/upload_file:")


def period_label(period: ReportPeriod) -> str:
    """'Kvartal 4 2026 (1 oktober 2026 – 31 december 2026)'."""
    name = period.label[0].upper() + period.label[1:]
    return f"{name} ({format_date(period.start)} – {format_date(period.end)})"


def render_report_downloads(
    agreement: StoredAgreement, period: ReportPeriod, today: dt.date
) -> None:
    """One download button per format; the file is made when its button is pressed.

    Only periods with a plan on their judging day are offered (choose_report), so no report
    here is empty.
    """
    with st.container(horizontal=True):
        for report_format in ReportFormat:
            st.download_button(
                FORMAT_LABELS[report_format],
                data=report_download(agreement.id, period, report_format, today),
                file_name=report_file_name(agreement, period, report_format),
                mime=MIME_TYPES[report_format],
                icon=FORMAT_ICONS[report_format],
                on_click="ignore",
                key=f"report_{report_format.value}",
            )


def render_citizen_promises(promises: list[CitizenPromise]) -> None:
    """Each promise with how far its activities have come, in words and as a bar."""
    for promise in promises:
        with st.container(border=True):
            st.subheader(escape_markdown(promise.text), anchor=False)
            total = len(promise.activities)
            st.progress(promise.done / total if total else 0.0, text=f"**{promise.summary}.**")
            st.markdown(
                "\n".join(
                    f"- {escape_markdown(a.title)}: *{escape_markdown(a.state.lower())}*"
                    for a in promise.activities
                )
            )


def render_promises_download(
    promises: list[CitizenPromise], agreement: StoredAgreement, year: int, as_of: dt.date
) -> None:
    """The list as a web page for the kommun's site (HTML: open it, or paste its content)."""
    st.download_button(
        "Ladda ned för webbplatsen (HTML)",
        data=build_promises_html(promises, agreement, year, as_of).encode("utf-8"),
        file_name=f"medborgarloften-{agreement.kommun}-{year}.html",
        mime="text/html",
        icon=":material/download:",
        on_click="ignore",
    )
