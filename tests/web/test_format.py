"""What pages print: Swedish dates, weeks and numbers, words beside every icon, escaped text."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.metrics import judge_activity
from samverkan.models import (
    Activity,
    Assessment,
    ImportIssue,
    ImportReport,
    IssueCode,
    Party,
    PlanStatus,
    Severity,
    Status,
)
from samverkan.swedish import (
    format_date,
    format_days,
    format_decimal,
    format_file_size,
    format_percent,
    format_week,
)
from samverkan.web.format import (
    escape_markdown,
    format_assessment,
    format_assessment_mix,
    format_status,
)
from samverkan.web.quickcheck import QuickCheckChoice, calendar_file_name, parse_party_word
from samverkan.web.tables import activity_table, issues_table
from samverkan.web.upload import needs_kommun


@pytest.mark.parametrize(
    ("function", "value", "text"),
    [
        (format_date, dt.date(2024, 5, 3), "3 maj 2024"),
        (format_date, None, "–"),
        (format_week, dt.date(2024, 3, 20), "v.\u00a012"),
        (format_week, dt.date(2026, 12, 31), "v.\u00a053"),
        (format_percent, 0.456, "46\u00a0%"),
        (format_decimal, 1234.55, "1\u00a0234,5"),
        (format_days, 1, "1 dag"),
        (format_days, 12, "12 dagar"),
        (format_file_size, 29_400, "29\u00a0kB"),
        (format_file_size, 1_250_000, "1,2\u00a0MB"),
    ],
)
def test_swedish_formats(function: object, value: object, text: str) -> None:
    assert function(value) == text  # type: ignore[operator]


@pytest.mark.parametrize("status", [*Status, None])
def test_every_status_has_an_icon_and_its_word(status: Status | None) -> None:
    text = format_status(status)
    assert text.startswith(":material/")
    assert text.endswith(status.value if status else "Ej angiven")


@pytest.mark.parametrize("assessment", list(Assessment))
def test_every_assessment_has_a_shape_and_its_word(assessment: Assessment) -> None:
    assert format_assessment(assessment).endswith(f"] {assessment.value}")
    assert format_assessment(None) == "–"


def test_assessment_mix_in_traffic_light_order_with_words() -> None:
    text = format_assessment_mix({"Röd": 1, "Grön": 5, "Gul": 2})
    assert [part.split("] ")[1] for part in text.split(" · ")] == ["5 gröna", "2 gula", "1 röd"]
    assert format_assessment_mix({}) == ""


@pytest.mark.parametrize(
    "text", ["**fet**", "[länk](javascript:alert(1))", ":material/home:", "<b>x</b>", "$x$"]
)
def test_markdown_in_what_a_coordinator_wrote_is_shown_as_itself(text: str) -> None:
    escaped = escape_markdown(text)
    assert escaped.replace("\\", "") == text
    assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c in "*[]:<$" and i)


def test_activity_table_keeps_the_due_text_beside_the_date_and_says_how_late() -> None:
    day = dt.date(2024, 6, 1)
    activity = Activity(
        activity_key="A1", title="Vandring *med* fastighetsägare", party=Party.JOINT,
        owner="Säkerhetssamordnare", due=dt.date(2024, 5, 26), due_text="v. 21 2024",
        status=Status.IN_PROGRESS, assessment=Assessment.RED, sheet="Plan", row=2,
    )  # fmt: skip
    [row] = activity_table([judge_activity(activity, day)], day).to_dict("records")
    assert row["Aktivitet"] == "Vandring \\*med\\* fastighetsägare"
    assert row["Slutdatum"] == "26\u00a0maj\u00a02024 (v.\u00a021)"
    assert row["Skrivet i planen"] == "v\\. 21 2024"
    assert row["Försening"].endswith("6\u00a0dagar\u00a0försenad")
    assert row["Bedömning"].endswith("Röd")
    assert "Kommentar" not in row  # no activity has one: the column is left out


def test_issues_table_names_sheet_row_and_column() -> None:
    issue = ImportIssue(
        severity=Severity.ERROR, message="Okänd status", sheet="Plan", row=4, column="G"
    )
    [row] = issues_table([issue]).to_dict("records")
    assert (row["Blad"], row["Rad"], row["Kolumn"], row["Meddelande"]) == (
        "Plan",
        "4",
        "G",
        "Okänd status",
    )
    assert row[""].endswith("Fel")


@pytest.mark.parametrize(
    ("code", "severity", "needed"),
    [
        (IssueCode.KOMMUN_MISSING, Severity.ERROR, True),
        (IssueCode.KOMMUN_UNKNOWN, Severity.ERROR, True),
        (None, Severity.ERROR, False),  # another refusal, whatever its words
        (IssueCode.KOMMUN_MISSING, Severity.WARNING, False),
    ],
)
def test_a_missing_kommun_is_asked_for_by_its_code(
    code: IssueCode | None, severity: Severity, needed: bool
) -> None:
    issue = ImportIssue(severity=severity, message="Filen säger inte vilken kommun.", code=code)
    report = ImportReport(file_name="x.xlsx", issues=[issue])
    assert needs_kommun(report) is needed


@pytest.mark.parametrize(
    ("word", "party"),
    [("Polis", Party.POLIS), ("polisen", Party.POLIS), ("KOMMUN", Party.KOMMUN),
     ("gemensam", Party.JOINT), ("extern", Party.EXTERNAL), ("alla", None), ("", None)],
)  # fmt: skip
def test_party_in_the_address(word: str, party: Party | None) -> None:
    assert parse_party_word(word) is party


def test_calendar_file_name_is_plain_ascii() -> None:
    choice = QuickCheckChoice(party=Party.POLIS, owner=None, lpo="Kävlinge")
    name = calendar_file_name(choice, list[PlanStatus](), dt.date(2024, 6, 1))
    assert name == "samverkan-polis-kavlinge-2024-06-01.ics"
