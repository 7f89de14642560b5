"""What only a page writes: status and bedömning as icon and word, and Markdown escaping.

Status and bedömning are always shown as a word with an icon beside it, never as colour alone.
The format_* functions that add icons return Streamlit Markdown. Numbers, dates and counts are
written the Swedish way by samverkan/swedish.py, for pages and files alike.
"""

from __future__ import annotations

import re
from typing import Literal

from samverkan.models import Assessment, Party, Status, status_word

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
# Beside an ej offentlig activity's title: Fokusområde's table and the commitment cards alike.
CONFIDENTIAL_MARK = ":material/lock: *ej offentlig*"
LATE_ICON = ":material/alarm:"
FOLLOWUP_ICON = ":material/assignment_late:"
ASSESSMENT_PLURALS = {Assessment.GREEN: "gröna", Assessment.YELLOW: "gula", Assessment.RED: "röda"}
PARTY_MISSING_LABEL = "Part ej angiven"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def format_status(status: Status | None) -> str:
    """':material/check_circle: Genomförd' (Markdown); the word is always there."""
    return f"{STATUS_ICONS[status]} {status_word(status)}"


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


def escape_markdown(text: str | None) -> str:
    """Text a coordinator wrote, shown as itself where Streamlit renders Markdown."""
    if not text:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
