"""Mötesläge's agenda: the screens in meeting order, and the screen an address asks for."""

from __future__ import annotations

import pytest

from samverkan.meeting_agenda import ScreenKind, meeting_screens, position_label, screen_number


def test_a_meeting_runs_overview_focus_areas_late_changes_outcomes() -> None:
    screens = meeting_screens(["Unga och droger", "Våld i nära relationer"])
    assert [s.kind for s in screens] == [
        ScreenKind.OVERVIEW,
        ScreenKind.FOCUS_AREA,
        ScreenKind.FOCUS_AREA,
        ScreenKind.LATE,
        ScreenKind.CHANGES,
        ScreenKind.OUTCOMES,
    ]
    assert [s.focus_area for s in screens[1:3]] == ["Unga och droger", "Våld i nära relationer"]
    assert screens[1].title == "Unga och droger"


def test_a_plan_without_focus_areas_still_has_the_fixed_screens() -> None:
    assert len(meeting_screens([])) == 4


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("3", 7, 3),
        (" 7 ", 7, 7),
        ("8", 7, 7),  # past the end: the last screen
        ("0", 7, 1),
        ("-2", 7, 1),
        ("tre", 7, 1),
        ("", 7, 1),
        (None, 7, 1),
        ("2.5", 7, 1),
        ("5", 0, 1),
    ],
)
def test_the_screen_an_address_asks_for(text: str | None, count: int, expected: int) -> None:
    assert screen_number(text, count) == expected


def test_position_reads_as_on_a_slide() -> None:
    assert position_label(3, 7) == "3 / 7"
