"""Streamlit glue for the exports: the report downloads and the medborgarlöften list.

Parts:
- Rapporter: choose_report (kind and period), render_report_downloads (PDF and Excel,
  built when the button is pressed and cached by the store's version)
- Medborgarlöften: render_citizen_promises, render_promises_download
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from samverkan.citizen_promises import build_promises_html
from samverkan.models import (
    CitizenPromise,
    ReportFormat,
    ReportKind,
    ReportPeriod,
    StoredAgreement,
)
from samverkan.reports import (
    MIME_TYPES,
    missing_plan_text,
    report_day,
    report_file_name,
    report_periods,
)
from samverkan.swedish import format_date
from samverkan.web.data import load_first_plan_day, report_download
from samverkan.web.format import escape_markdown

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


def choose_report(agreement: StoredAgreement, today: dt.date) -> ReportPeriod | None:
    """The kind of report and its period, newest period first; None if none has begun."""
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
    periods = report_periods(kind, agreement, today)
    if not periods:
        st.info("Överenskommelsens första period har inte börjat ännu.", icon=":material/info:")
        return None
    chosen: ReportPeriod | None = st.selectbox(
        "Period", periods, format_func=period_label, key=f"report_period_{kind.value}", width=480
    )
    return chosen


def period_label(period: ReportPeriod) -> str:
    """'Kvartal 4 2026 (1 oktober 2026 – 31 december 2026)'."""
    name = period.label[0].upper() + period.label[1:]
    return f"{name} ({format_date(period.start)} – {format_date(period.end)})"


def render_report_downloads(
    agreement: StoredAgreement, period: ReportPeriod, today: dt.date
) -> None:
    """One download button per format; the file is made when its button is pressed.

    A period that ends before the first plan was uploaded would make an empty report: a
    warning says so before anyone downloads it.
    """
    first = load_first_plan_day(agreement.id)
    missing = missing_plan_text(first, report_day(agreement, period, today))
    if missing:
        st.warning(missing, icon=":material/warning:")
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
