"""Which agreement runs: one rule for the command line's --kommun and the sidebar's first choice."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from samverkan.agreement import (
    AgreementChoiceError,
    choose_agreement,
    choose_lpo_agreements,
    running_agreement,
)
from samverkan.models import Agreement
from samverkan.web import shell


def agreement(id: int, kommun: str, start: int, end: int, lpo: str | None = None) -> Agreement:
    return Agreement(
        id=id,
        kommun=kommun,
        lpo=lpo,
        period_start=dt.date(start, 1, 1),
        period_end=dt.date(end, 12, 31),
    )


OLD = agreement(1, "Burlöv", 2020, 2023, "Kävlinge")
NOW = agreement(2, "Burlöv", 2024, 2027, "Kävlinge")
NEXT = agreement(3, "Burlöv", 2028, 2031, "Kävlinge")
LUND = agreement(4, "Lund", 2024, 2026, "Lund")
KAVLINGE = agreement(5, "Kävlinge", 2025, 2026, "Kävlinge")
SAME_PERIOD = agreement(6, "Burlöv", 2024, 2027, "Kävlinge")


@pytest.mark.parametrize(
    ("agreements", "day", "chosen"),
    [
        ([OLD, NOW, NEXT], dt.date(2025, 6, 1), NOW),  # the one running that day
        ([OLD, NOW, NEXT], dt.date(2022, 6, 1), OLD),
        ([OLD, NOW, NEXT], dt.date(2029, 1, 1), NEXT),
        ([OLD, NOW], dt.date(2035, 1, 1), NOW),  # none runs: the newest
        ([NEXT, OLD], dt.date(2025, 6, 1), NEXT),
        ([NOW, SAME_PERIOD], dt.date(2025, 6, 1), SAME_PERIOD),  # a tie: the later stored
        ([OLD], dt.date(2035, 1, 1), OLD),
    ],
)
def test_the_running_agreement(
    agreements: list[Agreement], day: dt.date, chosen: Agreement
) -> None:
    assert running_agreement(agreements, day) == chosen
    assert choose_agreement(agreements, None, day) == chosen
    assert choose_agreement(agreements, "burlöv", day) == chosen


@pytest.mark.parametrize(
    ("kommun", "chosen"), [("Burlöv", NOW), ("BURLÖV", NOW), ("Lund", LUND), ("Kävlinge", KAVLINGE)]
)
def test_a_kommun_gets_its_own_running_agreement(kommun: str, chosen: Agreement) -> None:
    everyone = [OLD, NOW, NEXT, LUND, KAVLINGE]
    assert choose_agreement(everyone, kommun, dt.date(2025, 6, 1)) == chosen


@pytest.mark.parametrize(
    ("agreements", "kommun", "message"),
    [
        (
            [],
            None,
            "Databasen innehåller ingen överenskommelse ännu. Importera en aktivitetsplan först.",
        ),
        (
            [NOW, LUND],
            None,
            "Databasen innehåller flera kommuner; ange en med --kommun: Burlöv, Lund.",
        ),
        ([NOW, LUND], "Malmö", 'Ingen överenskommelse för "Malmö". Det finns: Burlöv, Lund.'),
    ],
)
def test_no_choice_says_why(agreements: list[Agreement], kommun: str | None, message: str) -> None:
    with pytest.raises(AgreementChoiceError) as refused:
        choose_agreement(agreements, kommun, dt.date(2025, 6, 1))
    assert str(refused.value) == message


@pytest.mark.parametrize("asked", ["LPO Kävlinge", "Kävlinge", " kävlinge ", "lpo KÄVLINGE"])
@pytest.mark.parametrize("stored", ["Kävlinge", "LPO Kävlinge", "lpo kävlinge "])
def test_an_lpo_gets_each_kommuns_running_agreement(asked: str, stored: str) -> None:
    """However the LPO is written, asked for or stored: Snabbkoll's ?lpo= as Jämförelse's."""
    burlov, kavlinge = NOW.model_copy(update={"lpo": stored}), KAVLINGE
    everyone = [OLD, burlov, NEXT, LUND, kavlinge]
    assert choose_lpo_agreements(everyone, asked, dt.date(2025, 6, 1)) == [burlov, kavlinge]


def test_the_sidebar_uses_the_same_rule() -> None:
    source = inspect.getsource(shell)
    assert "running_agreement(" in source
    assert "period_start <=" not in source
