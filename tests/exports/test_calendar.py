"""The .ics file read back by a small RFC 5545 reader: folding, escaping, dates, stable UIDs."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.exports.calendar import (
    build_calendar,
    escape_text,
    fold_line,
    left_out_count,
    left_out_sentence,
)
from samverkan.metrics import judge_activity
from samverkan.models import Activity, Agreement, Commitment, Party, Status

DAY = dt.date(2024, 6, 1)
NOW = dt.datetime(2024, 6, 1, 8, 30, tzinfo=dt.UTC)
AGREEMENT = Agreement(
    id=1, kommun="Burlöv", lpo="Kävlinge", period_start=dt.date(2024, 1, 1),
    period_end=dt.date(2024, 12, 31),
)  # fmt: skip


def make_commitment(**overrides: Any) -> Commitment:
    values: dict[str, Any] = {
        "activity_key": "B4",
        "focus_area": "Droger",
        "title": "Narkotikakontroller vid stationen",
        "party": Party.POLIS,
        "owner": "Kommunpolis",
        "due": dt.date(2024, 6, 20),
        "status": Status.IN_PROGRESS,
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    view = judge_activity(Activity(**values), DAY)
    return Commitment(agreement=AGREEMENT, view=view, as_of=DAY)


def unfold(data: bytes) -> list[str]:
    """Content lines as RFC 5545 3.1 says: CRLF ends a line, CRLF + space continues it."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def read_events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties (name with parameters → raw value), alarms as ALARM:…."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    in_alarm = False
    for line in unfold(data):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif line == "BEGIN:VALARM":
            in_alarm = True
        elif line == "END:VALARM":
            in_alarm = False
        elif current is not None:
            current[f"ALARM:{name}" if in_alarm else name] = value
    return events


def test_a_due_date_is_an_all_day_event_with_a_reminder_the_day_before() -> None:
    data = build_calendar([make_commitment()], name="Polis i Burlöv", now=NOW)
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    [event] = read_events(data)
    assert event["DTSTART;VALUE=DATE"] == "20240620"
    assert event["DTEND;VALUE=DATE"] == "20240621"
    assert event["DTSTAMP"] == "20240601T083000Z"
    assert unescape(event["SUMMARY"]) == "Slutdatum: Narkotikakontroller vid stationen"
    assert event["ALARM:TRIGGER"] == "-P1D"
    assert event["ALARM:ACTION"] == "DISPLAY"
    assert "Ansvarig: Kommunpolis" in unescape(event["DESCRIPTION"]).split("\n")


def test_special_characters_are_escaped_and_read_back() -> None:
    title = 'Möte; kommun, polis \\ region\nandra raden "citat"'
    data = build_calendar([make_commitment(title=title)], name="x", now=NOW)
    [event] = read_events(data)
    assert unescape(event["SUMMARY"]) == f"Slutdatum: {title}"
    assert "\\;" in event["SUMMARY"]
    assert "\\," in event["SUMMARY"]
    assert "\\n" in event["SUMMARY"]


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    title = "Trygghetsvandring i Åkarp och Arlöv med fastighetsägare " * 4 + "ÅÄÖ" * 30
    data = build_calendar([make_commitment(title=title, comment="ö" * 200)], name="x", now=NOW)
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # never half a character
    [event] = read_events(data)
    assert unescape(event["SUMMARY"]).endswith("ÅÄÖ" * 30)


@given(st.text(min_size=0, max_size=300))
def test_folding_then_unfolding_gives_the_line_back(text: str) -> None:
    line = "SUMMARY:" + escape_text(text)
    folded = fold_line(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_uid_stays_the_same_for_the_same_activity_across_files() -> None:
    first = read_events(build_calendar([make_commitment()], name="x", now=NOW))
    moved = make_commitment(due=dt.date(2024, 7, 1), title="Nytt namn")
    later = dt.datetime(2024, 6, 9, tzinfo=dt.UTC)
    second = read_events(build_calendar([moved], name="x", now=later))
    assert first[0]["UID"] == second[0]["UID"]
    other = read_events(build_calendar([make_commitment(activity_key="B5")], name="x", now=NOW))
    assert other[0]["UID"] != first[0]["UID"]


def test_done_activity_gives_its_open_follow_up_and_no_due_date() -> None:
    done = make_commitment(
        status=Status.DONE, due=dt.date(2024, 5, 1), followup_due=dt.date(2024, 6, 15)
    )
    [event] = read_events(build_calendar([done], name="x", now=NOW))
    assert event["DTSTART;VALUE=DATE"] == "20240615"
    assert unescape(event["SUMMARY"]).startswith("Uppföljning senast: ")
    assert "uppfoljning" not in event["UID"]  # the kind is inside the hash, not spelled out
    assert (
        event["UID"]
        != read_events(build_calendar([make_commitment()], name="x", now=NOW))[0]["UID"]
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"confidential": True},
        {"status": Status.STANDING, "due": None},
        {"status": Status.CANCELLED},
        {"due": None},
    ],
    ids=["ej-offentlig", "staende", "installd", "utan-datum"],
)
def test_no_event_for(overrides: dict[str, Any]) -> None:
    assert read_events(build_calendar([make_commitment(**overrides)], name="x", now=NOW)) == []


def calendar_description(data: bytes) -> str:
    [line] = [line for line in unfold(data) if line.startswith("X-WR-CALDESC:")]
    return unescape(line.removeprefix("X-WR-CALDESC:"))


@pytest.mark.parametrize(
    ("confidential", "count", "said"),
    [
        ([], 0, None),
        ([{}], 1, "1 aktivitet märkt ej offentlig är inte med i kalenderfilen."),
        ([{}, {"activity_key": "B5"}], 2, "2 aktiviteter märkta ej offentlig är inte med"),
        ([{"status": Status.STANDING, "due": None}], 0, None),  # no date: never in the file
    ],
)
def test_the_calendar_says_how_many_ej_offentlig_it_left_out(
    confidential: list[dict[str, Any]], count: int, said: str | None
) -> None:
    commitments = [make_commitment(activity_key="A1")] + [
        make_commitment(**{"activity_key": "B4", **c, "confidential": True}) for c in confidential
    ]
    data = build_calendar(commitments, name="Polis i Burlöv", now=NOW)
    assert len(read_events(data)) == 1
    assert left_out_count(commitments) == count
    description = calendar_description(data)
    assert description.startswith("Slutdatum och uppföljningar ur Samverkan")
    if said is None:
        assert "ej offentlig" not in description
        assert left_out_sentence(count) == ""
    else:
        assert said in description
        assert said in left_out_sentence(count)
