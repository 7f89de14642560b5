"""Swedish formatting for pages: dates with Swedish month names, weeks, decimal comma, words.

Status and bedömning are always shown as a word with an icon beside it, never as colour alone.
The format_* functions that add icons return Streamlit Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from samverkan.models import STATUS_MISSING_LABEL, Assessment, Party, Status

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

# Material icons (bundled with Streamlit, so they draw on every machine, unlike emoji fonts).
STATUS_ICONS: dict[Status | None, str] = {
    Status.DONE: ":material/check_circle:",
    Status.IN_PROGRESS: ":material/autorenew:",
    Status.NOT_STARTED: ":material/hourglass_empty:",
    Status.STANDING: ":material/all_inclusive:",
    Status.CANCELLED: ":material/block:",
    None: ":material/help:",
}
# A different shape for each as well as a colour, so they can be told apart without colour.
ASSESSMENT_ICONS = {
    Assessment.GREEN: ":green[:material/circle:]",
    Assessment.YELLOW: ":orange[:material/change_history:]",
    Assessment.RED: ":red[:material/square:]",
}
BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "primary"]
ASSESSMENT_BADGES: dict[Assessment, tuple[str, BadgeColour]] = {
    Assessment.GREEN: (":material/circle:", "green"),
    Assessment.YELLOW: (":material/change_history:", "orange"),
    Assessment.RED: (":material/square:", "red"),
}
LATE_ICON = ":material/alarm:"
FOLLOWUP_ICON = ":material/assignment_late:"
ASSESSMENT_PLURALS = {Assessment.GREEN: "gröna", Assessment.YELLOW: "gula", Assessment.RED: "röda"}
PARTY_MISSING_LABEL = "Part ej angiven"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def format_date(day: dt.date | None) -> str:
    """'3 maj 2024'; '–' for no date."""
    if day is None:
        return "–"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_week(day: dt.date | None) -> str:
    """'v. 12' (ISO week)."""
    return "–" if day is None else f"v.\u00a0{day.isocalendar().week}"


def format_datetime(moment: dt.datetime | None) -> str:
    """'3 maj 2024 kl. 09.30'."""
    if moment is None:
        return "–"
    return f"{format_date(moment.date())} kl. {moment:%H.%M}"


def format_percent(share: float | None) -> str:
    """0.456 → '46 %'; None → '–'."""
    return "–" if share is None else f"{round(share * 100)}\u00a0%"


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """1.55 → '1,6'."""
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")


def format_integer(value: int) -> str:
    """12345 → '12 345'."""
    return f"{value:,}".replace(",", "\u00a0")


def format_file_size(size: int) -> str:
    """'18 kB', '1,2 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}\u00a0kB"
    return f"{format_decimal(size / 1_000_000)}\u00a0MB"


def format_days(days: int) -> str:
    """'1 dag', '12 dagar'."""
    return f"{format_integer(days)} dag" if days == 1 else f"{format_integer(days)} dagar"


def status_word(status: Status | None) -> str:
    """'Genomförd'; 'Ej angiven' where the plan had no status."""
    return status.value if status else STATUS_MISSING_LABEL


def format_status(status: Status | None) -> str:
    """':material/check_circle: Genomförd' (Markdown); the word is always there."""
    word = status.value if status else STATUS_MISSING_LABEL
    return f"{STATUS_ICONS[status]} {word}"


def format_assessment(assessment: Assessment | None) -> str:
    """':red[:material/square:] Röd' (Markdown); '–' when the owner gave none."""
    return "–" if assessment is None else f"{ASSESSMENT_ICONS[assessment]} {assessment.value}"


def format_party(party: Party | None) -> str:
    """'Polis'; 'Part ej angiven' when the plan did not say."""
    return party.value if party else PARTY_MISSING_LABEL


def format_assessment_mix(counts: dict[str, int]) -> str:
    """'5 gröna · 2 gula · 1 röd', each with its shape, in traffic-light order; '' for none."""
    parts = []
    for assessment in (Assessment.GREEN, Assessment.YELLOW, Assessment.RED):
        count = counts.get(assessment.value, 0)
        if count:
            word = assessment.value.lower() if count == 1 else ASSESSMENT_PLURALS[assessment]
            parts.append(f"{ASSESSMENT_ICONS[assessment]} {count} {word}")
    return " · ".join(parts)


def format_count(count: int, singular: str, plural: str) -> str:
    """'1 aktivitet', '3 aktiviteter'."""
    return f"{format_integer(count)} {singular if count == 1 else plural}"


def escape_markdown(text: str | None) -> str:
    """Text a coordinator wrote, shown as itself where Streamlit renders Markdown."""
    if not text:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
