"""Rendering pieces shared by pages: headlines, cards, changes, commitments, empty states.

Parts:
- empty states: render_empty_store, render_no_plan
- Översikt: render_headline, render_focus_area_cards, render_changes_since
- Snabbkoll: render_commitment_cards
- Fokusområde: render_focus_area_summary, render_goals
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from samverkan.access import may_write_all, visible_kommuner
from samverkan.changes_since import changes_line
from samverkan.glossary import DOWNLOAD, DUE, FOLLOWUP_DUE
from samverkan.metrics import days_behind, next_date
from samverkan.models import (
    Agreement,
    Commitment,
    FocusAreaSummary,
    Goal,
    PlanStatus,
    Status,
    UploadHistoryEntry,
    status_word,
)
from samverkan.swedish import (
    format_count,
    format_date,
    format_datetime,
    format_days,
    format_percent,
    format_week,
)
from samverkan.web.changes_view import render_changes
from samverkan.web.format import (
    ASSESSMENT_BADGES,
    CONFIDENTIAL_MARK,
    FOLLOWUP_ICON,
    LATE_ICON,
    STATUS_ICONS,
    escape_markdown,
    format_assessment_mix,
    format_party,
)

UPLOAD_PAGE = "pages/ladda_upp.py"
FOCUS_PAGE = "pages/fokusomrade.py"


def render_empty_store() -> None:
    """What to do when the store holds no agreement yet (that the user may see)."""
    from samverkan.web.auth import current_user  # auth reads the store: only when drawn

    st.title("Välkommen till Samverkan")
    user = current_user()
    first = "Det finns ingen överenskommelse i databasen ännu."
    if visible_kommuner(user) is not None:
        # The same words whether the store is empty or holds only other kommuner's plans.
        own = list(user.kommuner) if user is not None else []
        given = f"Ditt konto gäller {', '.join(own)}." if own else "Ditt konto gäller ingen kommun."
        first = f"Det finns ingen överenskommelse som du får se ännu. {given}"
        if not may_write_all(user, own):
            st.info(
                f"{first} Kontakta administratören om du ska se en kommuns plan.",
                icon=":material/info:",
            )
            return
    st.info(
        f"{first} {DOWNLOAD} Excel-mallen på sidan "
        "**Ladda upp**, fyll i aktivitetsplanen (eller använd er egen plan som den är) och "
        "ladda upp den där. Sidan visar läget så snart planen är inläst.",
        icon=":material/info:",
    )
    st.page_link(UPLOAD_PAGE, label="Ladda upp en aktivitetsplan", icon=":material/upload_file:")
    st.page_link(
        "pages/overenskommelse.py",
        label="Eller skapa överenskommelsen först (kommun, period, fokusområden och mål)",
        icon=":material/contract_edit:",
    )


def render_no_plan(agreement: Agreement) -> None:
    """What to do when the chosen agreement has no current activity plan."""
    st.info(
        f"Överenskommelsen för {agreement.kommun} har ingen aktivitetsplan inläst ännu. "
        "Ladda upp planen på sidan **Ladda upp**.",
        icon=":material/info:",
    )
    st.page_link(UPLOAD_PAGE, label="Ladda upp en aktivitetsplan", icon=":material/upload_file:")


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
        st.metric(
            "Uppföljning saknas",
            followup,
            border=True,
            help="Genomförd, men uppföljningsdatumet har passerat utan uppföljning",
        )
    upload = status.upload
    source = (
        f"Senast uppdaterad {format_datetime(upload.uploaded_at)} från filen "
        f"**{escape_markdown(upload.file_name)}** av {escape_markdown(upload.uploaded_by)}."
        if upload
        else ""
    )
    st.caption(f"Bedömt {format_date(status.as_of)} ({format_week(status.as_of)}). {source}")


def render_focus_area_cards(status: PlanStatus) -> None:
    """One card per focus area: progress, counts per status, late, and the traffic-light mix."""
    with st.grid(columns="auto", min_column_width=360, gap="medium"):
        for summary in status.focus_areas:
            _render_card(summary)


def _render_card(summary: FocusAreaSummary) -> None:
    with st.container(border=True):
        st.subheader(escape_markdown(summary.name), anchor=False)
        countable = summary.activities - summary.standing - summary.cancelled
        st.progress(
            summary.progress or 0.0,
            text=f"**{format_percent(summary.progress)} genomfört** "
            f"({summary.done} av {countable} planerade)",
        )
        with st.container(horizontal=True):
            st.metric("Aktiviteter", summary.activities)
            st.metric("Försenade", summary.overdue)
            st.metric("Uppföljning saknas", summary.followup_missing)
        st.markdown(f"**Status:** {status_counts_text(summary)}")
        mix = format_assessment_mix(summary.assessments)
        st.markdown(f"**Bedömning:** {mix or 'ingen angiven'}")
        st.page_link(
            FOCUS_PAGE,
            label="Visa aktiviteterna",
            icon=":material/arrow_forward:",
            query_params={"fokus": summary.name},
        )


def status_counts_text(summary: FocusAreaSummary) -> str:
    """'2 genomförda · 3 pågår · …', each with its status icon, for the statuses the area has."""
    counts = (
        (Status.DONE, summary.done, "genomförd", "genomförda"),
        (Status.IN_PROGRESS, summary.in_progress, "pågår", "pågår"),
        (Status.NOT_STARTED, summary.not_started, "ej påbörjad", "ej påbörjade"),
        (None, summary.status_missing, "utan status", "utan status"),
        (Status.STANDING, summary.standing, "stående", "stående"),
        (Status.CANCELLED, summary.cancelled, "inställd", "inställda"),
    )
    return " · ".join(
        f"{STATUS_ICONS[status]} {format_count(count, singular, plural)}"
        for status, count, singular, plural in counts
        if count
    )


def render_changes_since(entry: UploadHistoryEntry | None) -> None:
    """'Sedan förra uppladdningen': what the newest upload changed, in one line and in detail."""
    if entry is None or entry.changes is None:
        return
    changes = entry.changes
    with st.expander(
        f"Sedan förra uppladdningen: {changes_line(changes)}", icon=":material/compare_arrows:"
    ):
        st.caption(
            f"Jämför {escape_markdown(entry.upload.file_name)} "
            f"({format_datetime(entry.upload.uploaded_at)}) med planen före den."
        )
        render_changes(changes)


def render_commitment_cards(
    commitments: list[Commitment],
    *,
    show_kommun: bool,
    action: Callable[[Commitment], None] | None = None,
) -> None:
    """Cards side by side on a wide screen, one under the other on a phone."""
    with st.grid(columns="auto", min_column_width=400, gap="small"):
        for commitment in commitments:
            render_commitment_card(commitment, show_kommun=show_kommun, action=action)


def render_commitment_card(
    commitment: Commitment,
    *,
    show_kommun: bool,
    action: Callable[[Commitment], None] | None = None,
) -> None:
    """One commitment on a phone: what, how late or when due, who, status, bedömning; and
    `action` at its foot (the check-in's button, web/checkin.py)."""
    view = commitment.view
    activity = view.activity
    with st.container(border=True, gap="small"):
        lock = f" {CONFIDENTIAL_MARK}" if activity.confidential else ""
        st.markdown(f"**{escape_markdown(activity.title)}**{lock}")
        with st.container(horizontal=True, gap="small"):
            if view.overdue:
                st.badge(
                    f"{format_days(days_behind(view, commitment.as_of))} försenad",
                    icon=LATE_ICON,
                    color="red",
                )
            elif view.followup_missing:
                st.badge(
                    f"Uppföljningen {format_days(days_behind(view, commitment.as_of))} sen",
                    icon=FOLLOWUP_ICON,
                    color="red",
                )
            st.badge(status_word(activity.status), icon=STATUS_ICONS[activity.status], color="gray")
            if activity.assessment is not None:
                icon, colour = ASSESSMENT_BADGES[activity.assessment]
                st.badge(f"Bedömning {activity.assessment.value.lower()}", icon=icon, color=colour)
        who = escape_markdown(activity.owner) or "Ingen ansvarig angiven"
        where = escape_markdown(activity.focus_area) or ""
        if show_kommun:
            where = f"{escape_markdown(commitment.kommun)} · {where}"
        lines = [commitment_date_line(commitment), f"{who} · {format_party(activity.party)}"]
        st.markdown("  \n".join([*lines, where]))
        if activity.comment:
            st.caption(escape_markdown(activity.comment))
        if action is not None:
            action(commitment)


def commitment_date_line(commitment: Commitment) -> str:
    """The date that matters: the follow-up for a done activity, else the due date as written."""
    activity = commitment.view.activity
    followup = activity.followup_due
    is_followup = (
        commitment.view.followup_missing or next_date(activity, commitment.as_of) == followup
    )
    if is_followup and followup is not None and activity.status is Status.DONE:
        return f"{FOLLOWUP_DUE} {format_date(followup)} ({format_week(followup)})"
    if activity.due is None:
        return f"Inget {DUE.lower()} ({escape_markdown(activity.due_text) or 'stående'})"
    line = f"{DUE} {format_date(activity.due)} ({format_week(activity.due)})"
    if activity.due_as_written:
        line += f", i planen *{escape_markdown(activity.due_as_written)}*"
    return line


def render_focus_area_summary(summary: FocusAreaSummary) -> None:
    """A focus area's progress and counts, above its table."""
    countable = summary.activities - summary.standing - summary.cancelled
    st.progress(
        summary.progress or 0.0,
        text=f"**{format_percent(summary.progress)} genomfört** "
        f"({summary.done} av {countable} planerade)",
    )
    with st.container(horizontal=True):
        st.metric("Aktiviteter", summary.activities, border=True)
        st.metric("Försenade", summary.overdue, border=True)
        st.metric("Uppföljning saknas", summary.followup_missing, border=True)
    st.markdown(f"**Status:** {status_counts_text(summary)}")
    mix = format_assessment_mix(summary.assessments)
    st.markdown(f"**Bedömning:** {mix or 'ingen angiven'}")


def render_goals(goals: list[Goal]) -> None:
    """The focus area's goals as a short list; a note when there are none yet."""
    if not goals:
        st.caption(
            "Mål läggs till med överenskommelsens blad Mål (effekt-, process- och "
            "produktionsmål); de visas här när de är inlästa."
        )
        return
    st.markdown(
        "\n".join(
            f"- **{goal.kind.value.capitalize()}:** {escape_markdown(goal.text)}" for goal in goals
        )
    )
