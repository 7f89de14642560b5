"""The agreement's own rules: validation, the editor's rows, the next period and its copy."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from samverkan.agreement import (
    copy_to_new_period,
    default_period,
    focus_areas_from_rows,
    goals_from_rows,
    lpo_suggestions,
    next_period,
    validate_agreement,
    validate_definition,
)
from samverkan.models import (
    Agreement,
    AgreementDefinition,
    AgreementKind,
    Direction,
    FocusArea,
    Goal,
    GoalKind,
)

D = dt.date


def make_agreement(**overrides: Any) -> Agreement:
    values: dict[str, Any] = {
        "id": 1,
        "kommun": "Burlöv",
        "lpo": "Kävlinge",
        "title": "Samverkansöverenskommelse 2024–2027",
        "period_start": D(2024, 1, 1),
        "period_end": D(2027, 12, 31),
        "kind": AgreementKind.STRATEGIC,
    }
    values.update(overrides)
    return Agreement(**values)


def make_goal(**overrides: Any) -> Goal:
    values: dict[str, Any] = {
        "kind": GoalKind.OUTCOME,
        "text": "Fler känner sig trygga i centrum",
        "focus_area": "Trygghet i centrum",
        "indicator": "Trygg ute sent en kväll (%)",
        "baseline_year": 2023,
        "baseline_value": 58.0,
        "target_value": 65.0,
        "target_year": 2027,
        "direction": Direction.HIGHER.value,
    }
    values.update(overrides)
    return Goal(**values)


OTHER_STRATEGIC = make_agreement(id=2, period_start=D(2020, 1, 1), period_end=D(2023, 12, 31))


@pytest.mark.parametrize(
    ("overrides", "others", "expected"),
    [
        ({}, [], []),
        ({}, [OTHER_STRATEGIC], []),
        ({"period_start": D(2023, 6, 1)}, [OTHER_STRATEGIC], ["överlappar"]),
        (
            {"period_start": D(2023, 6, 1), "kind": AgreementKind.OPERATIVE},
            [OTHER_STRATEGIC],
            [],
        ),
        ({"period_start": D(2023, 6, 1), "kommun": "Lomma"}, [OTHER_STRATEGIC], []),
        ({"id": 2, "period_start": D(2023, 6, 1)}, [OTHER_STRATEGIC], []),
        ({"period_end": D(2024, 1, 1)}, [], ["sluta efter"]),
        ({"period_end": D(2023, 12, 31)}, [], ["sluta efter"]),
        ({"lpo": None}, [], ["lokalpolisområde"]),
        ({"lpo": "  "}, [], ["lokalpolisområde"]),
        ({"kommun": "Atlantis"}, [], ["ingen svensk kommun"]),
        ({"period_start": D(1980, 1, 1)}, [], ["mellan åren 1990 och 2100"]),
    ],
    ids=[
        "fine",
        "after-the-previous",
        "overlaps-same-kind",
        "operative-inside-strategic",
        "other-kommun",
        "itself",
        "one-day",
        "end-before-start",
        "no-lpo",
        "blank-lpo",
        "unknown-kommun",
        "too-early",
    ],
)
def test_validate_agreement(
    overrides: dict[str, Any], others: list[Agreement], expected: list[str]
) -> None:
    messages = validate_agreement(make_agreement(**overrides), others)
    assert len(messages) == len(expected), messages
    for message, word in zip(messages, expected, strict=True):
        assert word in message


@pytest.mark.parametrize(
    ("rows", "expected_names", "expected_messages"),
    [
        ([], [], []),
        ([{"number": None, "name": None, "valid_from": None, "valid_to": None}], [], []),
        ([{"number": math.nan, "name": "  ", "valid_from": None}], [], []),
        ([{"number": 1, "name": "Droger"}], ["Droger"], []),
        ([{"number": 1.0, "name": " Droger "}], ["Droger"], []),
        ([{"number": 2, "name": None}], [], ["rad 1: fokusområdet behöver ett namn"]),
        ([{"number": 1.5, "name": "Droger"}], [], ["numret måste vara ett heltal"]),
        ([{"number": "två", "name": "Droger"}], [], ["numret måste vara ett heltal"]),
        (
            [{"name": "Droger", "valid_from": "2025-01-01", "valid_to": D(2025, 12, 31)}],
            ["Droger"],
            [],
        ),
        ([{"name": "Droger", "valid_from": "i vår"}], [], ["riktiga datum"]),
    ],
    ids=[
        "none",
        "empty-row",
        "blank-row",
        "one",
        "float-number-and-spaces",
        "no-name",
        "half-number",
        "word-number",
        "dates",
        "bad-date",
    ],
)
def test_focus_areas_from_rows(
    rows: list[dict[str, Any]], expected_names: list[str], expected_messages: list[str]
) -> None:
    areas, messages = focus_areas_from_rows(rows)
    assert [a.name for a in areas] == expected_names
    assert len(messages) == len(expected_messages), messages
    for message, words in zip(messages, expected_messages, strict=True):
        assert words in message


def test_focus_area_rows_keep_their_dates() -> None:
    areas, _ = focus_areas_from_rows(
        [{"number": 3, "name": "Våld", "valid_from": dt.datetime(2025, 1, 1), "valid_to": None}]
    )
    assert areas == [FocusArea(number=3, name="Våld", valid_from=D(2025, 1, 1))]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"kind": "effektmål", "text": "Färre inbrott"}, None),
        ({"kind": None, "text": "Färre inbrott"}, "välj måltyp"),
        ({"kind": "drömmål", "text": "Färre inbrott"}, "välj måltyp"),
        ({"kind": "processmål", "text": None}, "skriv målet"),
        ({"kind": "processmål", "text": "X", "baseline_value": "1,95"}, None),
        ({"kind": "processmål", "text": "X", "baseline_value": "mycket"}, "värden tal"),
        ({"kind": "processmål", "text": "X", "target_year": 2027.5}, "år ska vara heltal"),
    ],
    ids=["fine", "no-kind", "unknown-kind", "no-text", "decimal-comma", "word", "half-year"],
)
def test_goals_from_rows(row: dict[str, Any], expected: str | None) -> None:
    goals, messages = goals_from_rows([row])
    if expected is None:
        assert len(goals) == 1
        assert messages == []
    else:
        assert goals == []
        assert len(messages) == 1
        assert expected in messages[0]
        assert messages[0].startswith("Mål, rad 1:")


def test_goal_row_with_a_decimal_comma_keeps_the_value() -> None:
    (goal,), _ = goals_from_rows(
        [{"kind": "effektmål", "text": "Lägre index", "baseline_value": "1,95"}]
    )
    assert goal.baseline_value == pytest.approx(1.95)


@pytest.mark.parametrize(
    ("areas", "goals", "expected"),
    [
        ([FocusArea(name="Trygghet i centrum")], [make_goal()], []),
        ([FocusArea(name="A"), FocusArea(name="a ")], [], ["namnet finns redan"]),
        ([FocusArea(name="A", number=0)], [], ["1 eller större"]),
        (
            [FocusArea(name="A", valid_from=D(2025, 6, 1), valid_to=D(2025, 1, 1))],
            [],
            ["samma dag som eller efter"],
        ),
        ([FocusArea(name="A", valid_from=D(2023, 1, 1))], [], ["utanför"]),
        ([FocusArea(name="A")], [make_goal()], ["finns inte i tabellen"]),
        (
            [FocusArea(name="A")],
            [make_goal(focus_area=None, target_year=2020)],
            ["efter basåret"],
        ),
        ([], [make_goal(focus_area=None, baseline_year=None)], ["basvärde behöver ett basår"]),
        ([], [make_goal(focus_area=None, target_year=3000)], ["Målår måste"]),
        ([], [make_goal(focus_area=None, direction="uppåt")], ["riktningen"]),
    ],
    ids=[
        "fine",
        "same-name",
        "number-zero",
        "to-before-from",
        "outside-period",
        "unknown-focus-area",
        "target-before-baseline",
        "value-without-year",
        "year-3000",
        "direction",
    ],
)
def test_validate_definition(
    areas: list[FocusArea], goals: list[Goal], expected: list[str]
) -> None:
    definition = AgreementDefinition(agreement=make_agreement(), focus_areas=areas, goals=goals)
    messages = validate_definition(definition, [])
    assert len(messages) == len(expected), messages
    for message, words in zip(messages, expected, strict=True):
        assert words in message


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 3, 2), (D(2026, 1, 1), D(2029, 12, 31))),
        (D(2026, 9, 30), (D(2026, 1, 1), D(2029, 12, 31))),
        (D(2026, 10, 1), (D(2027, 1, 1), D(2030, 12, 31))),
        (D(2026, 12, 2), (D(2027, 1, 1), D(2030, 12, 31))),
    ],
)
def test_default_period(today: dt.date, expected: tuple[dt.date, dt.date]) -> None:
    assert default_period(today) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 1, 1), D(2027, 12, 31), (D(2028, 1, 1), D(2031, 12, 31))),
        (D(2025, 1, 1), D(2025, 12, 31), (D(2026, 1, 1), D(2026, 12, 31))),
        (D(2024, 7, 1), D(2025, 6, 30), (D(2025, 7, 1), D(2026, 6, 30))),
    ],
    ids=["four-years", "one-year", "mid-year"],
)
def test_next_period(start: dt.date, end: dt.date, expected: tuple[dt.date, dt.date]) -> None:
    assert next_period(make_agreement(period_start=start, period_end=end)) == expected


def previous_definition() -> AgreementDefinition:
    return AgreementDefinition(
        agreement=make_agreement(),
        focus_areas=[
            FocusArea(number=1, name="Trygghet i centrum"),
            FocusArea(number=2, name="Droger", valid_from=D(2024, 1, 1), valid_to=D(2025, 12, 31)),
            FocusArea(number=2, name="Våld i nära relationer", valid_from=D(2026, 1, 1)),
        ],
        goals=[
            make_goal(),
            make_goal(focus_area="Droger", text="Färre unga provar narkotika"),
            make_goal(focus_area=None, text="Samverkan enligt plan", target_year=None),
        ],
    )


def test_a_new_period_copies_what_is_in_force_with_dates_moved() -> None:
    copied = copy_to_new_period(previous_definition(), D(2028, 1, 1), D(2031, 12, 31))
    agreement = copied.agreement
    assert agreement.id is None
    assert (agreement.kommun, agreement.lpo, agreement.kind) == (
        "Burlöv",
        "Kävlinge",
        AgreementKind.STRATEGIC,
    )
    assert (agreement.period_start, agreement.period_end) == (D(2028, 1, 1), D(2031, 12, 31))
    assert agreement.title == "Samverkansöverenskommelse 2028–2031"
    assert copied.focus_areas == [
        FocusArea(number=1, name="Trygghet i centrum"),
        FocusArea(
            number=2,
            name="Våld i nära relationer",
            valid_from=D(2028, 1, 1),
            valid_to=None,
        ),
    ]
    assert [g.text for g in copied.goals] == [
        "Fler känner sig trygga i centrum",
        "Samverkan enligt plan",
    ]
    centre = copied.goals[0]
    assert (centre.baseline_year, centre.baseline_value) == (2023, 58.0)
    assert (centre.target_value, centre.target_year) == (65.0, 2031)
    assert copied.goals[1].target_year is None
    assert validate_definition(copied, [previous_definition().agreement]) == []


def test_a_new_period_copies_every_focus_area_when_none_was_in_force_at_the_end() -> None:
    previous = AgreementDefinition(
        agreement=make_agreement(),
        focus_areas=[FocusArea(name="Droger", valid_to=D(2025, 12, 31))],
    )
    copied = copy_to_new_period(previous, D(2028, 1, 1), D(2031, 12, 31))
    assert copied.focus_areas == [FocusArea(name="Droger", valid_to=D(2031, 12, 31))]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Samverkansöverenskommelse 2024–2027", "Samverkansöverenskommelse 2028–2031"),
        ("Överenskommelse 2024-2027", "Överenskommelse 2028–2031"),
        ("Trygg i Burlöv", "Trygg i Burlöv"),
        (None, None),
    ],
)
def test_the_new_period_title(title: str | None, expected: str | None) -> None:
    previous = AgreementDefinition(agreement=make_agreement(title=title))
    assert copy_to_new_period(previous, D(2028, 1, 1), D(2031, 12, 31)).agreement.title == expected


def test_lpo_suggestions_once_each_in_swedish_order() -> None:
    agreements = [
        make_agreement(lpo="Öresund"),
        make_agreement(lpo="Kävlinge"),
        make_agreement(lpo=" Kävlinge "),
        make_agreement(lpo=None),
        make_agreement(lpo="Ystad"),
        make_agreement(lpo="Åre"),
    ]
    assert lpo_suggestions(agreements) == ["Kävlinge", "Ystad", "Åre", "Öresund"]
