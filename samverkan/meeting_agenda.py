"""Mötesläge's agenda: the screens of a steering-group meeting, in the order it runs.

Overview first, then each focus area, then what is late, what changed since the group last
met, and last whether it works (the survey and the goals). Pure: names in, screens out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ScreenKind(StrEnum):
    """What a screen of the meeting shows."""

    OVERVIEW = "oversikt"
    FOCUS_AREA = "fokusomrade"
    LATE = "forsenade"
    CHANGES = "forandringar"
    OUTCOMES = "trygghet"


@dataclass(frozen=True)
class Screen:
    """One screen of the meeting: its kind, its heading, and the focus area it is about."""

    kind: ScreenKind
    title: str
    focus_area: str | None = None


def meeting_screens(focus_areas: list[str]) -> list[Screen]:
    """Every screen of the meeting, in the order a meeting runs."""
    return [
        Screen(ScreenKind.OVERVIEW, "Läget i stort"),
        *(Screen(ScreenKind.FOCUS_AREA, name, name) for name in focus_areas),
        Screen(ScreenKind.LATE, "Försenade åtaganden"),
        Screen(ScreenKind.CHANGES, "Sedan förra mötet"),
        Screen(ScreenKind.OUTCOMES, "Trygghet och mål"),
    ]


def screen_number(text: str | None, count: int) -> int:
    """The screen a `?skarm=` address asks for (1-based), kept within 1 … count."""
    try:
        number = int(str(text).strip())
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))


def position_label(number: int, count: int) -> str:
    """'3 / 7': where in the meeting the screen is."""
    return f"{number} / {count}"
