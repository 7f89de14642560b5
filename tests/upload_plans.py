"""Plans for Ladda upp's tests: last year's plan of another kommun, and a plan without a kommun."""

from __future__ import annotations

import datetime as dt

from samverkan.excel.template import build_plan_workbook
from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    FocusArea,
    Goal,
    GoalKind,
    Party,
    Status,
)
from tests.conftest import make_activity_row, make_plan_workbook

AREAS = ("Trygghet i centrum", "Unga och droger")
# Rows (Excel row numbers) whose due date falls outside the plan's year, and when.
OUTSIDE = {4: (1, 2, 28), 8: (-1, 11, 30)}


def yearly_plan(kommun: str = "Lomma", year: int = 2025, rows: int = 12) -> bytes:
    """The template filled in: an operative plan for `year` with every sheet (Mål too), two
    focus areas, one goal and `rows` activities, two of them due outside the year."""
    agreement = Agreement(
        kommun=kommun,
        lpo="Kävlinge",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        kind=AgreementKind.OPERATIVE,
        title=f"Handlingsplan {year}",
    )
    areas = [FocusArea(number=n, name=name) for n, name in enumerate(AREAS, start=1)]
    goal = Goal(
        focus_area=AREAS[0],
        kind=GoalKind.OUTCOME,
        text="Fler känner sig trygga i centrum",
        indicator="Totalindex",
        baseline_year=year - 2,
        baseline_value=2.1,
        target_value=1.8,
        target_year=year,
    )
    activities = []
    for n in range(1, rows + 1):
        shift = OUTSIDE.get(n + 1)
        due = (
            dt.date(year + shift[0], shift[1], shift[2]) if shift else dt.date(year, n % 12 + 1, 15)
        )
        activities.append(
            Activity(
                activity_key=f"L{n}",
                focus_area=AREAS[n % 2],
                title=f"Aktivitet {n} i {kommun}s plan",
                party=Party.KOMMUN if n % 2 else Party.POLIS,
                owner="Säkerhetssamordnare" if n % 2 else "Kommunpolis",
                due=due,
                status=Status.DONE if n < 6 else Status.IN_PROGRESS,
                comment="Enligt plan" if n % 3 == 0 else None,
                sheet="Aktivitetsplan",
                row=n + 1,
            )
        )
    return build_plan_workbook(agreement, areas, [goal], activities)


def plan_without_kommun(rows: int = 3) -> bytes:
    """A bare table: no Kommun column, no Överenskommelse sheet, no title naming one."""
    return make_plan_workbook(
        [make_activity_row(ID=f"A{n}", Aktivitet=f"Aktivitet {n}") for n in range(1, rows + 1)]
    )
