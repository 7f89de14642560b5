"""Mötesläge's agenda: the steps in meeting order, lists split into pages, the address."""

from __future__ import annotations

import pytest

from samverkan.meeting_agenda import (
    PAGE_LINES,
    ROW_PADDING,
    TABLE_HEADER_LINES,
    FocusAreaOutline,
    MeetingOutline,
    ScreenKind,
    Slice,
    estimate_lines,
    meeting_screens,
    part_label,
    position_label,
    screen_number,
    split_rows,
    text_lines,
)

# How many one-line rows a page of one table holds (the heading row counted once).
ONE_LINE_ROWS_PER_PAGE = int((PAGE_LINES - TABLE_HEADER_LINES) // (1 + ROW_PADDING))


def kinds(outline: MeetingOutline) -> list[ScreenKind]:
    return [s.kind for s in meeting_screens(outline)]


def test_a_meeting_runs_overview_focus_areas_late_changes_outcomes() -> None:
    outline = MeetingOutline(
        focus_areas=(
            FocusAreaOutline("Unga och droger", goals=1, activity_lines=(1, 1)),
            FocusAreaOutline("Våld i nära relationer", activity_lines=(2,)),
        ),
        late_lines=((1,),),
        change_lines=((1, 1),),
        goal_lines=(2,),
        indicators=(3,),
    )
    screens = meeting_screens(outline)
    assert [s.kind for s in screens] == [
        ScreenKind.OVERVIEW,
        ScreenKind.FOCUS_AREA,
        ScreenKind.FOCUS_GOAL,
        ScreenKind.ACTIVITIES,
        ScreenKind.FOCUS_AREA,
        ScreenKind.ACTIVITIES,
        ScreenKind.LATE,
        ScreenKind.CHANGES,
        ScreenKind.CHANGE_LIST,
        ScreenKind.OUTCOMES,
        ScreenKind.INDICATOR,
    ]
    assert [s.title for s in screens[1:4]] == ["Unga och droger"] * 3
    assert {s.focus_area for s in screens[4:6]} == {"Våld i nära relationer"}
    assert screens[-1].item == 3  # the follow-up's indicator, by its position
    assert screens[3].subheading == "Aktiviteter"  # the whole list on one page


def test_a_plan_without_focus_areas_still_has_the_fixed_steps() -> None:
    assert kinds(MeetingOutline()) == [
        ScreenKind.OVERVIEW,
        ScreenKind.LATE,  # "nothing is late"
        ScreenKind.CHANGES,  # "no meeting registered"
        ScreenKind.OUTCOMES,  # the goal count, or what is missing
    ]


def one_line_rows(count: int) -> tuple[int, ...]:
    return (1,) * count


@pytest.mark.parametrize(
    ("activities", "pages"),
    [
        (0, 0),  # the focus area's figures only, no empty table
        (1, 1),
        (ONE_LINE_ROWS_PER_PAGE, 1),  # exactly one page
        (ONE_LINE_ROWS_PER_PAGE + 1, 2),  # one more than a page
        (3 * ONE_LINE_ROWS_PER_PAGE, 3),
        (3 * ONE_LINE_ROWS_PER_PAGE + 1, 4),
    ],
)
def test_activities_are_split_into_pages_that_fit(activities: int, pages: int) -> None:
    outline = MeetingOutline(
        focus_areas=(FocusAreaOutline("Droger", activity_lines=one_line_rows(activities)),)
    )
    steps = [s for s in meeting_screens(outline) if s.kind is ScreenKind.ACTIVITIES]
    assert len(steps) == pages
    shown = [i for s in steps for part in s.slices for i in range(part.start, part.stop)]
    assert shown == list(range(activities))  # every activity once, in plan order
    if pages > 1:
        assert steps[0].subheading == f"Aktiviteter (1–{ONE_LINE_ROWS_PER_PAGE} av {activities})"


@pytest.mark.parametrize("goals", [0, 1, 2, 7])
def test_each_goal_of_a_focus_area_is_a_step_of_its_own(goals: int) -> None:
    outline = MeetingOutline(focus_areas=(FocusAreaOutline("Droger", goals=goals),))
    steps = [s for s in meeting_screens(outline) if s.kind is ScreenKind.FOCUS_GOAL]
    assert [s.item for s in steps] == list(range(goals))
    expected = [f"{n} av {goals}" for n in range(1, goals + 1)] if goals > 1 else [""] * goals
    assert [s.subheading for s in steps] == expected


def test_tall_rows_take_pages_of_their_own_and_none_is_lost() -> None:
    tall = int(PAGE_LINES) + 5  # taller than a page: alone, but shown
    pages = split_rows([(1, tall, 1)], heading=TABLE_HEADER_LINES)
    assert pages == [
        (Slice(0, 0, 1, 3),),
        (Slice(0, 1, 2, 3),),
        (Slice(0, 2, 3, 3),),
    ]


def test_groups_share_a_page_each_with_its_heading() -> None:
    pages = split_rows([(1,), (1, 1)], heading=2, budget=9)
    # 1 + 0.5 + 2, then 2 + 0.5 + 2 + 1 + 0.5 = 8.5 of 9
    assert pages == [(Slice(0, 0, 1, 1), Slice(1, 0, 2, 2))]
    pages = split_rows([(1,), (1, 1)], heading=2, budget=7)
    assert pages == [(Slice(0, 0, 1, 1), Slice(1, 0, 1, 2)), (Slice(1, 1, 2, 2),)]


def test_a_group_without_rows_is_left_out() -> None:
    assert split_rows([(), (1,)], heading=1) == [(Slice(1, 0, 1, 1),)]
    assert split_rows([], heading=1) == []


def test_the_words_above_the_first_page_are_counted_on_it() -> None:
    rows = one_line_rows(ONE_LINE_ROWS_PER_PAGE)
    assert len(split_rows([rows], heading=TABLE_HEADER_LINES)) == 1
    assert len(split_rows([rows], heading=TABLE_HEADER_LINES, first_page_taken=3)) == 2


def test_a_heading_that_wraps_leaves_fewer_rows_on_the_page() -> None:
    rows = one_line_rows(ONE_LINE_ROWS_PER_PAGE)
    short = MeetingOutline(focus_areas=(FocusAreaOutline("Droger", activity_lines=rows),))
    long_name = "Trygghet i bostadsområdena, centrum och stationsområdet kvällstid " * 2
    long = MeetingOutline(focus_areas=(FocusAreaOutline(long_name, activity_lines=rows),))
    assert kinds(short).count(ScreenKind.ACTIVITIES) == 1
    assert kinds(long).count(ScreenKind.ACTIVITIES) == 2


def test_late_commitments_are_paged_by_party() -> None:
    outline = MeetingOutline(late_lines=(one_line_rows(2), one_line_rows(30)))
    late = [s for s in meeting_screens(outline) if s.kind is ScreenKind.LATE]
    assert len(late) > 1
    assert late[0].slices[0] == Slice(0, 0, 2, 2)
    shown = [(p.group, i) for s in late for p in s.slices for i in range(p.start, p.stop)]
    assert shown == [(0, 0), (0, 1), *((1, i) for i in range(30))]


def test_changes_without_a_meeting_are_one_step_and_with_one_a_list() -> None:
    assert kinds(MeetingOutline(change_lines=None)).count(ScreenKind.CHANGE_LIST) == 0
    assert kinds(MeetingOutline(change_lines=())).count(ScreenKind.CHANGE_LIST) == 0
    assert kinds(MeetingOutline(change_lines=((1, 1), (1,)))).count(ScreenKind.CHANGE_LIST) == 1


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        (Slice(0, 0, 8, 8), ""),
        (Slice(0, 0, 3, 8), " (1–3 av 8)"),
        (Slice(0, 3, 8, 8), " (4–8 av 8)"),
        (Slice(0, 7, 8, 8), " (8 av 8)"),
    ],
)
def test_which_part_of_a_list_a_page_shows(rows: Slice, label: str) -> None:
    assert part_label(rows) == label


@pytest.mark.parametrize(
    ("text", "chars", "lines"),
    [
        ("", 10, 1),
        ("kort", 10, 1),
        ("en två tre fyra", 7, 3),
        ("rad ett  \nrad två", 20, 2),  # a Markdown hard break
        ("25\u00a0november\u00a02026", 12, 2),  # no-break spaces keep words together
        (":material/lock: *ej offentlig*", 20, 1),  # an icon is two characters, * none
        (":red[:material/square:] Röd", 6, 1),
        ("Kommunikationsavdelningen", 10, 3),  # a long word breaks where it must
    ],
)
def test_text_lines(text: str, chars: int, lines: int) -> None:
    assert text_lines(text, chars) == lines


def test_a_row_takes_the_lines_of_its_fullest_cell() -> None:
    row = {"Aktivitet": "en två tre fyra fem", "Status": "Pågår", "Ignorerad": "x " * 99}
    assert estimate_lines(row, {"Aktivitet": 8, "Status": 8}) == 3


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
    assert position_label(3, 9) == "3 / 9"
