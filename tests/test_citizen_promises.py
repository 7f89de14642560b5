"""Medborgarlöften: each promise of the year in plain words, nothing internal, nothing secret."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.citizen_promises import (
    activity_state,
    build_citizen_promises,
    build_promises_html,
    is_in_year,
    promise_summary,
    promise_years,
)
from samverkan.metrics import judge_activity
from samverkan.models import Activity, ActivityView, Agreement, Party, Status

DAY = dt.date(2025, 10, 1)
AGREEMENT = Agreement(
    kommun="Eslöv", lpo="Mittskåne", period_start=dt.date(2024, 1, 1),
    period_end=dt.date(2026, 12, 31),
)  # fmt: skip
STATION = "Vi ska minska droghandeln vid stationen"
PARK = "Vi ska göra Stadsparken tryggare på kvällarna"


def view(key: str, status: Status | None, **overrides: Any) -> ActivityView:
    values: dict[str, Any] = {
        "activity_key": key,
        "title": f"Insats {key}",
        "party": Party.POLIS,
        "owner": "Kommunpolis Eva Ek",
        "comment": "Internt: vänta på beslut",
        "due": dt.date(2025, 12, 31),
        "status": status,
        "citizen_promise": STATION,
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return judge_activity(Activity(**values), DAY)


@pytest.mark.parametrize(
    ("statuses", "summary"),
    [
        ([Status.DONE, Status.DONE, Status.DONE, Status.IN_PROGRESS],
         "3 av 4 insatser genomförda, 1 pågår"),
        ([Status.DONE], "1 av 1 insats genomförd"),
        ([Status.NOT_STARTED, Status.NOT_STARTED], "0 av 2 insatser genomförda, 2 har inte börjat"),
        ([Status.DONE, Status.STANDING, Status.CANCELLED, None],
         "1 av 4 insatser genomförda, 1 pågår löpande, 1 utan rapporterat läge, 1 inställd"),
        ([Status.IN_PROGRESS, Status.IN_PROGRESS], "0 av 2 insatser genomförda, 2 pågår"),
    ],
)  # fmt: skip
def test_summary_in_plain_words(statuses: list[Status | None], summary: str) -> None:
    views = [view(f"A{i}", s) for i, s in enumerate(statuses)]
    assert promise_summary(views) == summary


def test_late_activities_are_said_in_the_summary_and_the_list() -> None:
    late = view("A1", Status.IN_PROGRESS, due=dt.date(2025, 9, 1))
    assert promise_summary([late]) == "0 av 1 insats genomförd, 1 pågår, 1 är försenad"
    assert activity_state(late) == "Pågår, men är försenad"


def test_promises_in_plan_order_with_their_activities() -> None:
    views = [
        view("A1", Status.DONE, title="Narkotikakontroller"),
        view("A2", Status.IN_PROGRESS, title="Belysning i Stadsparken", citizen_promise=PARK),
        view("A3", Status.IN_PROGRESS, title="Föräldravandringar"),
        view("A4", Status.DONE, title="Utan löfte", citizen_promise=None),
    ]
    promises = build_citizen_promises(views, 2025)
    assert [p.text for p in promises] == [STATION, PARK]
    assert [(a.title, a.state) for a in promises[0].activities] == [
        ("Narkotikakontroller", "Genomförd"),
        ("Föräldravandringar", "Pågår"),
    ]
    assert promises[0].summary == "1 av 2 insatser genomförda, 1 pågår"
    assert promises[0].done == 1


def test_confidential_activities_are_never_listed_nor_counted() -> None:
    views = [
        view("A1", Status.DONE),
        view("A2", Status.IN_PROGRESS, title="Planerad insats", confidential=True),
        view("A3", Status.DONE, citizen_promise=PARK, confidential=True),
    ]
    promises = build_citizen_promises(views, 2025)
    assert [p.text for p in promises] == [STATION]  # a promise of only secret work is not shown
    assert promises[0].summary == "1 av 1 insats genomförd"


@pytest.mark.parametrize(
    ("start", "due", "done_on", "year", "inside"),
    [
        (None, dt.date(2025, 6, 30), None, 2025, True),
        (None, dt.date(2024, 6, 30), None, 2025, False),  # due last year, done or not
        (None, dt.date(2024, 6, 30), dt.date(2025, 2, 1), 2025, True),  # finished this year
        (dt.date(2026, 2, 1), dt.date(2026, 6, 30), None, 2025, False),  # starts next year
        (dt.date(2024, 2, 1), None, None, 2025, True),  # standing, no due date
    ],
)
def test_activities_of_the_year(
    start: dt.date | None, due: dt.date | None, done_on: dt.date | None, year: int, inside: bool
) -> None:
    assert (
        is_in_year(view("A1", Status.IN_PROGRESS, start=start, due=due, done_on=done_on), year)
        is inside
    )


def test_years_of_the_agreement_up_to_today() -> None:
    assert promise_years(AGREEMENT, DAY) == [2025, 2024]
    assert promise_years(AGREEMENT, dt.date(2023, 5, 1)) == [2024]  # not begun: its first year


def test_html_for_the_website_has_no_owner_comment_or_secret_and_escapes_text() -> None:
    views = [
        view("A1", Status.DONE, title='Kontroller <script>alert("x")</script> & "mer"'),
        view("A2", Status.IN_PROGRESS, title="Planerad insats mot langning", confidential=True),
    ]
    promises = build_citizen_promises(views, 2025)
    page = build_promises_html(promises, AGREEMENT, 2025, DAY)
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<h1>Medborgarlöften 2025 – Eslöv</h1>" in page
    assert "Eslövs kommun och lokalpolisområde Mittskåne" in page
    assert "läget den 1 oktober 2025" in page
    assert f"<h2>{STATION}</h2>" in page
    assert "<p>1 av 1 insats genomförd.</p>" in page
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;mer&quot;: genomförd" in page
    )
    for internal in ("Eva Ek", "Internt", "Planerad insats", "<script>"):
        assert internal not in page


def test_html_without_promises_says_so() -> None:
    page = build_promises_html([], AGREEMENT.model_copy(update={"kommun": "Borås"}), 2025, DAY)
    assert "Det finns inga medborgarlöften för 2025 ännu." in page
    assert "Borås kommun" in page
