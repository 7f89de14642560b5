"""Jämförelse, pure: which agreements are compared, and each row's figures on the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.access import LOCAL_ADMIN, may_see_kommun
from samverkan.comparison import (
    STALE_DAYS,
    ComparisonScope,
    build_comparison_row,
    choose_compared,
    is_stale,
    scope_label,
)
from samverkan.models import (
    Activity,
    AgreementFigures,
    AgreementKind,
    Goal,
    GoalKind,
    ProgressPoint,
    Role,
    Status,
    StoredAgreement,
    SurveyValue,
    Unit,
    Upload,
    UserAccount,
)

DAY = dt.date(2026, 6, 1)


def make_agreement(id: int = 1, kommun: str = "Burlöv", **overrides: Any) -> StoredAgreement:
    values: dict[str, Any] = {
        "id": id,
        "kommun": kommun,
        "lpo": "Kävlinge",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 12, 31),
        "kind": AgreementKind.OPERATIVE,
    }
    values.update(overrides)
    return StoredAgreement(**values)


def make_activity(key: str = "A1", **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": key,
        "title": f"Insats {key}",
        "focus_area": "Trygghet",
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


def make_upload(days_ago: int) -> Upload:
    when = dt.datetime.combine(DAY - dt.timedelta(days=days_ago), dt.time(9, 30))
    return Upload(
        id=1, file_name="plan.xlsx", sha256="x", uploaded_by="Anna", uploaded_at=when, size=1
    )


def figures(**overrides: Any) -> AgreementFigures:
    values: dict[str, Any] = {"agreement": make_agreement(), "upload": make_upload(10)}
    values.update(overrides)
    return AgreementFigures(**values)


def test_a_plan_is_counted_by_overviews_rules() -> None:
    activities = [
        make_activity("A1", status=Status.DONE),
        make_activity("A2", status=Status.IN_PROGRESS, due=DAY - dt.timedelta(days=3)),
        make_activity("A3", status=None, due=DAY - dt.timedelta(days=1)),
        make_activity("A4", status=Status.STANDING, due=DAY - dt.timedelta(days=9)),
        make_activity("A5", status=Status.CANCELLED, due=DAY - dt.timedelta(days=9)),
        make_activity(
            "A6", status=Status.DONE, followup_due=DAY - dt.timedelta(days=2), done_on=DAY
        ),
        make_activity("A7", status=Status.NOT_STARTED, due=DAY),  # due today: not late
    ]
    row = build_comparison_row(figures(activities=activities), [], DAY)
    assert (row.activities, row.planned, row.done) == (7, 5, 2)
    assert row.progress == pytest.approx(2 / 5)
    assert (row.late, row.late_share) == (2, pytest.approx(2 / 5))
    assert row.followup_missing == 1
    assert row.days_since_upload == 10
    assert not row.stale


@pytest.mark.parametrize(
    ("case", "overrides", "expected"),
    [
        (
            "no uploads",
            {"upload": None, "activities": []},
            {"progress": None, "late": 0, "days_since_upload": None, "stale": True},
        ),
        (
            "only cancelled and standing",
            {"activities": [make_activity(status=Status.CANCELLED)]},
            {"progress": None, "late_share": None, "planned": 0},
        ),
        ("no goals", {}, {"goals": 0, "goals_met_or_on_track": 0, "survey_value": None}),
        ("plan 120 days old", {"upload": make_upload(STALE_DAYS)}, {"stale": False}),
        ("plan 121 days old", {"upload": make_upload(STALE_DAYS + 1)}, {"stale": True}),
        ("uploaded today", {"upload": make_upload(0)}, {"days_since_upload": 0, "stale": False}),
    ],
)
def test_edge_cases(case: str, overrides: dict[str, Any], expected: dict[str, Any]) -> None:
    row = build_comparison_row(figures(**overrides), [], DAY)
    for name, value in expected.items():
        assert getattr(row, name) == value, (case, name)


@pytest.mark.parametrize(("days", "stale"), [(None, True), (0, False), (120, False), (121, True)])
def test_is_stale(days: int | None, stale: bool) -> None:
    assert is_stale(days) is stale


def _goal(indicator: str | None, target: float | None, **overrides: Any) -> Goal:
    values: dict[str, Any] = {
        "kind": GoalKind.OUTCOME,
        "text": f"Mål för {indicator}",
        "indicator": indicator,
        "baseline_year": 2019,
        "baseline_value": 2.5,
        "target_value": target,
        "target_year": 2026,
        "direction": "lägre är bättre",
    }
    values.update(overrides)
    return Goal(**values)


def _survey(indicator: str, values: dict[int, float]) -> list[SurveyValue]:
    return [
        SurveyValue(
            kommun="Burlöv", area="Hela kommunen", year=year, indicator=indicator,
            unit=Unit.INDEX_0_6, value=value,
        )
        for year, value in values.items()
    ]  # fmt: skip


def test_goals_and_the_survey_index_against_its_target() -> None:
    goals = [
        _goal(None, None, kind=GoalKind.PROCESS),  # no indicator: counted, never the index
        _goal("Öppen narkotikahandel", 2.0),
        _goal("Nedskräpning", 1.5),
    ]
    survey = _survey("Öppen narkotikahandel", {2021: 2.4, 2022: 2.3, 2023: 2.12})
    row = build_comparison_row(figures(goals=goals), survey, DAY)
    assert row.goals == 3
    assert (row.survey_indicator, row.survey_year) == ("Öppen narkotikahandel", 2023)
    assert (row.survey_value, row.survey_target) == (2.12, 2.0)
    assert row.survey_unit is Unit.INDEX_0_6


def test_no_survey_leaves_the_baseline_or_nothing() -> None:
    """Without survey values the goal's own baseline is its latest value, as on Trygghet."""
    row = build_comparison_row(figures(goals=[_goal("Öppen narkotikahandel", 2.0)]), [], DAY)
    assert (row.goals, row.goals_met_or_on_track) == (1, 0)
    assert (row.survey_value, row.survey_year) == (2.5, 2019)
    bare = _goal("Öppen narkotikahandel", 2.0, baseline_year=None, baseline_value=None)
    row = build_comparison_row(figures(goals=[bare]), [], DAY)
    assert (row.survey_value, row.survey_indicator) == (None, None)


def test_an_agreement_that_ended_is_judged_on_its_last_day() -> None:
    ended = make_agreement(period_end=dt.date(2026, 3, 31))
    late = make_activity(status=Status.IN_PROGRESS, due=dt.date(2026, 3, 1))
    row = build_comparison_row(figures(agreement=ended, activities=[late]), [], DAY)
    assert row.as_of == dt.date(2026, 3, 31)


def test_history_is_kept_for_the_chart() -> None:
    point = ProgressPoint(
        uploaded_at=dt.datetime(2026, 2, 1), file_name="a.xlsx", done=1, countable=4
    )
    row = build_comparison_row(figures(history=[point]), [], DAY)
    assert row.history == [point]
    assert row.history[0].progress == 0.25


AGREEMENTS = [
    make_agreement(1, "Burlöv"),
    make_agreement(2, "Lomma"),
    make_agreement(3, "Bjuv", period_end=dt.date(2026, 3, 31)),  # ended
    make_agreement(4, "Uppsala", lpo="Uppsala"),
    make_agreement(5, "Kävlinge", period_start=dt.date(2026, 7, 1)),  # not yet begun
    make_agreement(6, "Eslöv", lpo="Eslöv"),
]


@pytest.mark.parametrize(
    ("scope", "kommuner"),
    [
        (ComparisonScope(), ["Burlöv", "Eslöv", "Lomma", "Uppsala"]),
        (ComparisonScope(lpo="Kävlinge"), ["Burlöv", "Lomma"]),
        (ComparisonScope(lpo="LPO kävlinge "), ["Burlöv", "Lomma"]),
        (ComparisonScope(lan="Skåne"), ["Burlöv", "Eslöv", "Lomma"]),
        (ComparisonScope(lan="Uppsala län"), ["Uppsala"]),
        (ComparisonScope(lan="Atlantis"), []),
        (ComparisonScope(lpo="Ingenstans"), []),
    ],
)
def test_choose_compared_in_force_and_in_scope(scope: ComparisonScope, kommuner: list[str]) -> None:
    chosen = choose_compared(AGREEMENTS, scope, DAY, lambda k: True)
    assert [a.kommun for a in chosen] == kommuner


def _user(role: Role, *kommuner: str) -> UserAccount:
    return UserAccount(email="x@x.se", name="X", role=role, kommuner=kommuner)


EVERY = ["Burlöv", "Eslöv", "Lomma", "Uppsala"]


@pytest.mark.parametrize(
    ("user", "kommuner"),
    [
        (LOCAL_ADMIN, EVERY),
        (_user(Role.ADMIN), EVERY),
        (_user(Role.READER, "Lomma"), ["Lomma"]),
        (_user(Role.READER, "lomma kommun"), ["Lomma"]),
        (_user(Role.COORDINATOR, "Burlöv", "Uppsala"), ["Burlöv", "Uppsala"]),
        (_user(Role.READER), []),
        (None, []),
    ],
)
def test_a_user_sees_only_their_kommuner(user: UserAccount | None, kommuner: list[str]) -> None:
    chosen = choose_compared(AGREEMENTS, ComparisonScope(), DAY, lambda k: may_see_kommun(user, k))
    assert [a.kommun for a in chosen] == kommuner


@pytest.mark.parametrize(
    ("scope", "label"),
    [
        (ComparisonScope(), "alla kommuner"),
        (ComparisonScope(lpo="Kävlinge"), "LPO Kävlinge"),
        (ComparisonScope(lan="skåne län"), "Skåne län"),
        (ComparisonScope(lan="Atlantis"), "länet Atlantis"),
    ],
)
def test_scope_label(scope: ComparisonScope, label: str) -> None:
    assert scope_label(scope) == label
