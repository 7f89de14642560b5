"""What a row with one filled cell means: a focus-area section, a goal, a note, or an activity.

Coordinators structure a plan with such rows: "Fokusområde 2: Våld i nära relationer" (or
just a bold line) above its activities, "Effektmål: …" under it, and a legend below the table.
"""

from __future__ import annotations

import re
from typing import Any

from samverkan.excel.parse import cell_text
from samverkan.models import GoalKind

# The template's example row says this in its comment; the import leaves such a row out, so
# an untouched template never becomes a (late) activity. (Here, not in template.py, so the
# import's child process does not load openpyxl for it.)
EXAMPLE_COMMENT = "Exempelrad – radera raden innan ni fyller i er egen plan."

SECTION_ROW = re.compile(
    r"^\s*(?:fokusområde|fokusomr\.?|prioriterat område|område|tema|problemområde)"
    r"\s*(\d+)?\s*[:.\-–]\s*(.+?)\s*$",
    re.IGNORECASE,
)
NUMBER_PREFIX = re.compile(r"^\s*(\d+)\s*[.:)]\s*(?=\S)")
GOAL_ROW = re.compile(
    r"^\s*(effektmål|processmål|produktionsmål|övergripande mål|mål)\s*\d*\s*[:.\-–]\s*(.+?)\s*$",
    re.IGNORECASE,
)
GOAL_KIND_WORDS = {
    "effektmål": GoalKind.OUTCOME,
    "övergripande mål": GoalKind.OUTCOME,
    "mål": GoalKind.OUTCOME,
    "processmål": GoalKind.PROCESS,
    "produktionsmål": GoalKind.OUTPUT,
}
# Legends and notes under a table: "Grön = enligt plan", "Förklaring: …", "* Avser …".
_NOTE_ROW = re.compile(
    r"^\s*(\*|obs\b|not\b|notera\b|källa\b|förklaring|teckenförklaring|grön\s*[=:–-]|"
    r"gul\s*[=:–-]|röd\s*[=:–-]|senast uppdaterad|uppdaterad\s)",
    re.IGNORECASE,
)
YEAR_IN_NAME = re.compile(r"\b(19|20)\d\d\b")


def lone_cell_kind(row: list[Any], is_bold: bool, after_gap: bool) -> tuple[str, str]:
    """What a row with one filled cell is: a section, a goal, a note, or an activity."""
    text = next(t for t in (cell_text(v) for v in row) if t)
    if GOAL_ROW.match(text):
        return "goal", text
    section = SECTION_ROW.match(text)
    if section:
        return "section", f"{section.group(1) or ''}. {section.group(2)}".lstrip(". ")
    if _NOTE_ROW.match(text) or after_gap:
        return "note", text
    if is_bold:
        return "section", text
    return "activity", text


def focus_area_from_sheet_name(name: str) -> str | None:
    """A sheet per focus area names it: 'Fokusområde 1 – Droger' → 'Droger'; else None."""
    match = SECTION_ROW.match(name)
    return match.group(2) if match else None
