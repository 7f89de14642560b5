"""Mötesläge's agenda: the steps of a steering-group meeting, in the order it runs, each a screen.

Overview first, then each focus area (its figures, each of its goals with its indicator's
chart, its activities a page at a time), then what is late, what changed since the group last
met, and last whether it works (the goal table, and the charts no focus area showed). A list
longer than a screen is split into pages that fit a 1280×720 or a 1024×768 projector with
the meeting's 21-pixel type: every row counts the lines its fullest cell wraps to
(estimate_lines), and a page takes rows while they fit in PAGE_LINES. The split does not
depend on the screen, so a screen number in the address means the same step on every screen.

Pure: an outline in (names, counts, the rows' lines), screens out; samverkan/web/meeting_mode.py
measures the rows and draws the screens.

Parts:
- Screen, ScreenKind, Slice: one step, and the rows of a list it shows
- FocusAreaOutline, MeetingOutline: what the meeting has to show
- meeting_screens: the steps in meeting order
- split_rows, estimate_lines, text_lines: pages of rows that fit
- screen_number, position_label: the address, and where in the meeting a step is
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

# Lines of text (21-pixel type, 31.5 pixels a line) a page of a list may take at 1280×720
# under the controls, the heading and the subheading: 532 pixels, measured in Chromium. A
# table's heading row (43 px), a party's or focus area's subheading (48 px with its gap), the
# padding of a row (12 px) and the words above a list's first page count as lines too, each
# rounded up. tests/browser/test_meeting.py walks every step at 1280×720 and 1024×768 and
# fails when one is taller than the screen.
PAGE_LINES = 16
TABLE_HEADER_LINES = 1.5
SUBHEADER_LINES = 1.6
ROW_PADDING = 0.5
# The sentence above the first page of late commitments ("5 åtaganden är försenade …").
LATE_SUMMARY_LINES = 1.6
# The goal count above the first page of the goal table ("2 av 5 mål …" and its breakdown).
GOAL_COUNT_LINES = 3.5
# A step's heading (2 rem, 42-pixel type) is one line of about 55 characters at 1280 pixels,
# 43 on a 1024-pixel projector (the narrowest, web/meeting_mode.py); each further line it
# wraps to takes 1.6 lines of the list's.
TITLE_CHARS = 43
TITLE_LINE = 1.6


class ScreenKind(StrEnum):
    """What a step of the meeting shows."""

    OVERVIEW = "oversikt"
    FOCUS_AREA = "fokusomrade"
    FOCUS_GOAL = "mal"
    ACTIVITIES = "aktiviteter"
    LATE = "forsenade"
    CHANGES = "forandringar"
    CHANGE_LIST = "forandringar_lista"
    OUTCOMES = "trygghet"
    INDICATOR = "indikator"


@dataclass(frozen=True)
class Slice:
    """Rows `start` up to `stop` of one group of a list (a party's late commitments, say).

    `count` is how many rows the group has in all.
    """

    group: int
    start: int
    stop: int
    count: int


@dataclass(frozen=True)
class Screen:
    """One step: its kind, its heading, its focus area, and what part of a list it shows.

    `item` is the goal (of the focus area) or the indicator (of the follow-up) a chart step
    shows; `slices` the rows of a list step; `subheading` says which part ("Aktiviteter 1–3
    av 8"), or is empty.
    """

    kind: ScreenKind
    title: str
    focus_area: str | None = None
    item: int | None = None
    slices: tuple[Slice, ...] = ()
    subheading: str = ""


@dataclass(frozen=True)
class FocusAreaOutline:
    """A focus area as the meeting shows it: its goals and the lines of each activity's row."""

    name: str
    goals: int = 0
    activity_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeetingOutline:
    """Everything the meeting shows, counted: the input of meeting_screens.

    `late_lines` has a group per party, `change_lines` a group per focus area (None when no
    meeting is registered to compare with), `goal_lines` a row per goal of the goal table,
    and `indicators` the follow-up's indicators no focus area showed (their positions).
    """

    focus_areas: tuple[FocusAreaOutline, ...] = ()
    late_lines: tuple[tuple[int, ...], ...] = ()
    change_lines: tuple[tuple[int, ...], ...] | None = None
    goal_lines: tuple[int, ...] = ()
    indicators: tuple[int, ...] = ()


OVERVIEW_TITLE = "Läget i stort"
LATE_TITLE = "Försenade åtaganden"
CHANGES_TITLE = "Sedan förra mötet"
OUTCOMES_TITLE = "Trygghet och mål"


def meeting_screens(outline: MeetingOutline) -> list[Screen]:
    """Every step of the meeting, in the order a meeting runs."""
    screens = [Screen(ScreenKind.OVERVIEW, OVERVIEW_TITLE)]
    for area in outline.focus_areas:
        screens.extend(_focus_area_screens(area))
    late = split_rows(
        outline.late_lines,
        heading=SUBHEADER_LINES + TABLE_HEADER_LINES,
        first_page_taken=LATE_SUMMARY_LINES,
        budget=_budget(LATE_TITLE),
    )
    screens += [Screen(ScreenKind.LATE, LATE_TITLE, slices=page) for page in late] or [
        Screen(ScreenKind.LATE, LATE_TITLE)
    ]
    screens.append(Screen(ScreenKind.CHANGES, CHANGES_TITLE))
    changes = split_rows(
        outline.change_lines or (), heading=SUBHEADER_LINES, budget=_budget(CHANGES_TITLE)
    )
    screens += [Screen(ScreenKind.CHANGE_LIST, CHANGES_TITLE, slices=page) for page in changes]
    goals = split_rows(
        (outline.goal_lines,) if outline.goal_lines else (),
        heading=TABLE_HEADER_LINES,
        first_page_taken=GOAL_COUNT_LINES,
        budget=_budget(OUTCOMES_TITLE),
    )
    screens += [
        Screen(ScreenKind.OUTCOMES, OUTCOMES_TITLE, slices=page, subheading=_part(page, "Mål"))
        for page in goals
    ] or [Screen(ScreenKind.OUTCOMES, OUTCOMES_TITLE)]
    screens += [
        Screen(ScreenKind.INDICATOR, OUTCOMES_TITLE, item=index) for index in outline.indicators
    ]
    return screens


def _focus_area_screens(area: FocusAreaOutline) -> list[Screen]:
    """The area's figures, a step per goal, and its activities a page at a time."""
    name = area.name
    screens = [Screen(ScreenKind.FOCUS_AREA, name, name)]
    screens += [
        Screen(
            ScreenKind.FOCUS_GOAL,
            name,
            name,
            item=index,
            subheading=f"{index + 1} av {area.goals}" if area.goals > 1 else "",
        )
        for index in range(area.goals)
    ]
    pages = split_rows(
        (area.activity_lines,) if area.activity_lines else (),
        heading=TABLE_HEADER_LINES,
        budget=_budget(name),
    )
    screens += [
        Screen(
            ScreenKind.ACTIVITIES, name, name, slices=page, subheading=_part(page, "Aktiviteter")
        )
        for page in pages
    ]
    return screens


def _budget(title: str) -> float:
    """PAGE_LINES, less what a heading that wraps at 1024 pixels takes of the page."""
    return PAGE_LINES - (text_lines(title, TITLE_CHARS) - 1) * TITLE_LINE


def _part(page: tuple[Slice, ...], noun: str) -> str:
    """'Aktiviteter (4–6 av 8)' on a page of a longer list; 'Aktiviteter' when it is all of it."""
    return f"{noun}{part_label(page[0])}"


def part_label(rows: Slice) -> str:
    """' (4–6 av 8)', or ' (8 av 8)' for one row: which rows of a longer list; '' for all."""
    if rows.stop - rows.start == rows.count:
        return ""
    first = f"{rows.start + 1}–" if rows.stop - rows.start > 1 else ""
    return f" ({first}{rows.stop} av {rows.count})"


def split_rows(
    groups: Sequence[Sequence[int]],
    *,
    heading: float,
    budget: float = PAGE_LINES,
    first_page_taken: float = 0,
) -> list[tuple[Slice, ...]]:
    """Pages of rows that fit: each row costs its lines and ROW_PADDING, each group a heading.

    A group's heading (a table's heading row, a subheading) is counted on every page the group
    appears on, as it is drawn again there. A page takes rows while they fit in `budget`
    lines (less `first_page_taken` on the first page); a row that fills a page alone goes on
    a page of its own, so every row is shown. Groups without rows are left out.
    """
    pages: list[tuple[Slice, ...]] = []
    page: list[Slice] = []
    used = first_page_taken
    for group, rows in enumerate(groups):
        for index, lines in enumerate(rows):
            on_page = bool(page) and page[-1].group == group
            cost = lines + ROW_PADDING + (0 if on_page else heading)
            if page and used + cost > budget:
                pages.append(tuple(page))
                page, used, on_page = [], 0, False
                cost = lines + ROW_PADDING + heading
            if on_page:
                page[-1] = Slice(group, page[-1].start, index + 1, len(rows))
            else:
                page.append(Slice(group, index, index + 1, len(rows)))
            used += cost
    if page:
        pages.append(tuple(page))
    return pages


_ICON = re.compile(r":material/[a-z_]+:")
_COLOUR = re.compile(r":[a-z]+\[([^\]]*)\]")
_EMPHASIS = re.compile(r"\*+|\\(?=[^\w\s])")


def text_lines(text: str, chars: int) -> int:
    """The lines a Markdown text wraps to in a column `chars` characters wide.

    Icons count as two characters, emphasis and escapes as none; a hard break ('  \\n') starts
    a line, and a no-break space keeps words together as it does on the screen.
    """
    plain = _EMPHASIS.sub("", _COLOUR.sub(r"\1", _ICON.sub("##", text)))
    return sum(
        max(1, len(textwrap.wrap(line, max(chars, 1), break_on_hyphens=False)))
        for line in plain.split("\n")
    )


def estimate_lines(cells: Mapping[str, str], chars: Mapping[str, int]) -> int:
    """The lines a table row takes: as many as its cell that wraps to the most."""
    return max(
        (text_lines(str(cells.get(column, "")), width) for column, width in chars.items()),
        default=1,
    )


def screen_number(text: str | None, count: int) -> int:
    """The screen a `?skarm=` address asks for (1-based), kept within 1 … count."""
    try:
        number = int(str(text).strip())
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))


def position_label(number: int, count: int) -> str:
    """'3 / 9': where in the meeting the screen is."""
    return f"{number} / {count}"
