"""Reminders by e-mail, the pure part: who gets what, the e-mail's words, never twice a week."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.glossary import other_spellings
from samverkan.metrics import judge_activity, summarize_focus_areas
from samverkan.models import (
    Activity,
    Agreement,
    CommitmentGroup,
    Meeting,
    MeetingBody,
    OwnerAddress,
    PlanStatus,
    SentReminder,
    Status,
)
from samverkan.reminders import (
    build_message,
    build_reminders,
    content_sha256,
    email_refusal,
    find_earlier_send,
    owners_seen,
    reminder_html,
    reminder_subject,
    reminder_text,
    snabbkoll_link,
)

DAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)
BASE = "https://samverkan.burlov.se"


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def make_activity(**overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": "A1",
        "focus_area": "Trygghet i centrum",
        "title": "Trygghetsvandring",
        "owner": "Fritid/UKF",
        "status": Status.IN_PROGRESS,
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


def make_status(*activities: Activity, end: dt.date = dt.date(2027, 12, 31)) -> PlanStatus:
    agreement = Agreement(
        id=1, kommun="Burlöv", lpo="Kävlinge", period_start=dt.date(2024, 1, 1), period_end=end
    )
    day = min(DAY, end)
    views = [judge_activity(a, day) for a in activities]
    return PlanStatus(
        as_of=day, agreement=agreement, focus_areas=summarize_focus_areas(views), activities=views
    )


def register(**owners: str) -> list[OwnerAddress]:
    """register(Fritid_UKF="ukf@burlov.se"): '_' in a name stands for '/'."""
    return [
        OwnerAddress(kommun="Burlöv", owner=o.replace("_", "/"), email=e) for o, e in owners.items()
    ]


A_PLAN = make_status(
    make_activity(activity_key="L1", title="Trygghetsvandring i Arlöv", due=days(-7)),
    make_activity(
        activity_key="F1",
        title="Föräldravandring",
        status=Status.DONE,
        due=days(-40),
        followup_due=days(-6),
    ),
    make_activity(activity_key="U1", title="Fritidsgårdens kväll", due=days(10)),
    make_activity(activity_key="U2", title="Långt fram", due=days(30)),
    make_activity(
        activity_key="P1", title="Narkotikakontroller", owner="Kommunpolis", due=days(-3)
    ),
    make_activity(
        activity_key="S1",
        title="Hemlig insats vid stationen",
        owner="Kommunpolis",
        due=days(-2),
        confidential=True,
        comment="Planeras med tullen",
    ),
)


# ---------------------------------------------------------------- the register


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("anna@burlov.se", False),
        ("  anna.lindqvist+ukf@burlov.se ", False),
        ("kim@polisen.se", False),
        ("anna@burlov.se\r\nBcc: x@evil.example", True),
        ("anna@burlov.se\nBcc: x@evil.example", True),
        ("anna@burlov.se, kim@polisen.se", True),
        ("anna@burlov.se; kim@polisen.se", True),
        ("Anna Lindqvist <anna@burlov.se>", True),
        ('"Anna" anna@burlov.se', True),
        ("anna@burlov", True),
        ("anna burlov.se", True),
        ("anna@@burlov.se", True),
        ("", True),
        ("a" * 65 + "@burlov.se", True),
        ("anna@" + "b" * 320 + ".se", True),
    ],
)
def test_one_plain_address_or_a_refusal(text: str, refused: bool) -> None:
    refusal = email_refusal(text)
    assert (refusal is not None) == refused
    if refusal:
        assert "\n" not in refusal


def test_owners_seen_count_commitments_and_keep_registered_ones_gone_from_the_plan() -> None:
    seen = owners_seen([A_PLAN], register(Kommunpolis="kim@polisen.se", Gammal="old@burlov.se"))
    assert [(o.owner, o.commitments, o.email) for o in seen] == [
        ("Fritid/UKF", 4, None),
        ("Gammal", 0, "old@burlov.se"),
        ("Kommunpolis", 2, "kim@polisen.se"),
    ]


# ---------------------------------------------------------------- what goes out


def test_one_reminder_per_address_with_late_missing_follow_ups_and_the_next_14_days() -> None:
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY)
    groups = {
        g: [i.commitment.view.activity.activity_key for i in ukf.group(g)] for g in CommitmentGroup
    }
    assert groups == {
        CommitmentGroup.LATE: ["L1"],
        CommitmentGroup.FOLLOWUP_MISSING: ["F1"],
        CommitmentGroup.UPCOMING: ["U1"],
        CommitmentGroup.OTHERS: [],
    }


def test_nothing_for_an_address_with_nothing_to_say() -> None:
    quiet = make_status(
        make_activity(due=days(60)), make_activity(activity_key="D", status=Status.DONE)
    )
    assert build_reminders(quiet, register(Fritid_UKF="ukf@burlov.se"), DAY) == []


def test_owners_sharing_an_address_get_one_email_each_commitment_once() -> None:
    plan = make_status(
        make_activity(activity_key="K1", owner="Kommunpolis", due=days(-1)),
        make_activity(activity_key="K2", owner="Säkerhetssamordnare och kommunpolis", due=days(-5)),
        make_activity(activity_key="K3", owner="Säkerhetssamordnare", due=days(2)),
    )
    reminders = build_reminders(
        plan,
        [
            OwnerAddress(kommun="Burlöv", owner="Kommunpolis", email="Kim@Polisen.se"),
            OwnerAddress(kommun="Burlöv", owner="Säkerhetssamordnare", email="kim@polisen.se"),
        ],
        DAY,
    )
    assert len(reminders) == 1
    keys = [i.commitment.view.activity.activity_key for i in reminders[0].items]
    assert sorted(keys) == ["K1", "K2", "K3"]
    assert reminders[0].owners == ("Kommunpolis", "Säkerhetssamordnare")


def test_an_agreement_whose_period_ended_reminds_of_nothing() -> None:
    ended = make_status(make_activity(due=days(-100)), end=days(-30))
    assert build_reminders(ended, register(Fritid_UKF="ukf@burlov.se"), DAY) == []


# ---------------------------------------------------------------- the e-mail


def test_the_email_in_swedish_with_a_link_per_commitment() -> None:
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY)
    text = reminder_text(ukf, BASE)
    link = f"{BASE}/snabbkoll?kommun=Burl%C3%B6v&ansvarig=Fritid%2FUKF"
    assert (
        "Försenade (1)\n- Trygghetsvandring i Arlöv – Slutdatum 30 november 2026, 7 dagar sedan\n  "
        + link
        in text
    )
    followup = "Föräldravandring – Uppföljning senast 1 december 2026, 6 dagar sedan"
    assert f"Uppföljning saknas (1)\n- {followup}" in text
    upcoming = "Fritidsgårdens kväll – Slutdatum 17 december 2026, om 10 dagar"
    assert f"De närmaste 14 dagarna (1)\n- {upcoming}" in text
    assert "Långt fram" not in text
    assert other_spellings(text) == []
    assert reminder_subject(ukf) == (
        "Påminnelse från Samverkan Burlöv: 1 försenat åtagande, 1 uppföljning saknas, "
        "1 de närmaste 14 dagarna"
    )


def test_without_the_apps_address_the_email_says_which_page_to_open() -> None:
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY)
    text = reminder_text(ukf, None)
    assert "http" not in text
    assert "http" not in reminder_html(ukf, None)
    where = "välj Burlöv i sidofältet och ”Fritid/UKF” under Ansvarig."
    assert f"Öppna sidan Snabbkoll i Samverkan, {where}" in text


def test_confidential_commitments_are_counted_never_named() -> None:
    [kim] = build_reminders(A_PLAN, register(Kommunpolis="kim@polisen.se"), DAY)
    message = build_message(kim, "samverkan@burlov.se", BASE, NOW)
    whole = message.as_string() + reminder_text(kim, BASE) + reminder_html(kim, BASE)
    assert "- 1 ej offentligt åtagande – se Snabbkoll" in reminder_text(kim, BASE)
    assert "<li>1 ej offentligt åtagande – se Snabbkoll</li>" in reminder_html(kim, BASE)
    for secret in ("Hemlig insats", "stationen", "tullen", "S1"):
        assert secret not in whole
    assert reminder_subject(kim).endswith("2 försenade åtaganden")
    unnamed = f"{BASE}/snabbkoll?kommun=Burl%C3%B6v"
    assert f"visas i Snabbkoll för den som är inloggad: {unnamed}\n" in reminder_text(kim, BASE)


def test_text_from_a_plan_is_escaped_in_the_html_part() -> None:
    plan = make_status(make_activity(title='<script>alert("x")</script> & co', due=days(-1)))
    [ukf] = build_reminders(plan, register(Fritid_UKF="ukf@burlov.se"), DAY)
    page = reminder_html(ukf, BASE)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page


def test_the_message_has_its_headers_and_both_parts_in_utf8() -> None:
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY)
    message = build_message(ukf, "Samverkan Burlöv <samverkan@burlov.se>", BASE, NOW)
    assert message["To"] == "ukf@burlov.se"
    assert message["From"] == "Samverkan Burlöv <samverkan@burlov.se>"
    assert message["Date"] == "Mon, 07 Dec 2026 06:00:00 +0000"
    assert message["Message-ID"].endswith("@burlov.se>")
    assert "Burlöv" in message["Subject"]
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert rich is not None
    assert plain.get_content_charset() == rich.get_content_charset() == "utf-8"


def test_a_meeting_send_names_the_meeting() -> None:
    meeting = Meeting(id=3, agreement_id=1, held_on=days(3), body=MeetingBody.STEERING_GROUP)
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY, meeting=meeting)
    assert reminder_subject(ukf).startswith(
        "Inför styrgruppens möte 10 december 2026 – Samverkan Burlöv:"
    )
    assert "se gärna till att läget stämmer i planen före mötet" in reminder_text(ukf, BASE)


def test_a_stored_address_that_could_add_a_header_is_refused_when_the_message_is_built() -> None:
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY)
    bad = ukf.model_copy(update={"email": "ukf@burlov.se\r\nBcc: x@evil.example"})
    with pytest.raises(ValueError, match="radbrytningar"):
        build_message(bad, "samverkan@burlov.se", BASE, NOW)


@given(st.text(min_size=1, max_size=40), st.sampled_from(["Burlöv", "Malmö", "Upplands Väsby"]))
def test_the_link_carries_kommun_and_owner_back_unchanged(owner: str, kommun: str) -> None:
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(
        urlsplit(snabbkoll_link(BASE + "/", kommun, owner)).query, keep_blank_values=True
    )
    assert query == {"kommun": [kommun], "ansvarig": [owner]}


# ---------------------------------------------------------------- not twice


def sent(reminder_hash: str, when: dt.datetime, meeting_on: dt.date | None = None) -> SentReminder:
    return SentReminder(
        email="ukf@burlov.se",
        kommun="Burlöv",
        content_sha256=reminder_hash,
        sent_at=when,
        sent_by="kommandoraden",
        meeting_on=meeting_on,
    )


def test_the_hash_is_the_list_not_the_day() -> None:
    [today] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY)
    tomorrow_plan = make_status(*(v.activity for v in A_PLAN.activities))
    [tomorrow] = build_reminders(tomorrow_plan, register(Fritid_UKF="ukf@burlov.se"), days(1))
    assert content_sha256(today) == content_sha256(tomorrow)
    moved = make_status(
        make_activity(activity_key="L1", title="Trygghetsvandring i Arlöv", due=days(-8))
    )
    [other] = build_reminders(moved, register(Fritid_UKF="ukf@burlov.se"), DAY)
    assert content_sha256(other) != content_sha256(today)


@pytest.mark.parametrize(
    ("ago", "same", "earlier_meeting", "this_meeting", "held_back"),
    [
        (dt.timedelta(days=1), True, None, None, True),
        (dt.timedelta(days=6, hours=23), True, None, None, True),
        (dt.timedelta(days=7, minutes=1), True, None, None, False),  # a week later: again
        (dt.timedelta(days=1), False, None, None, False),  # the list changed: send it
        (dt.timedelta(days=1), True, days(3), None, True),  # a meeting's send holds the cron's
        (dt.timedelta(days=1), True, None, days(3), False),  # the meeting send overrides
        (dt.timedelta(days=1), True, days(3), days(3), True),  # the same meeting twice: no
        (dt.timedelta(days=1), True, days(-4), days(3), False),  # another meeting: yes
    ],
)
def test_the_same_reminder_is_not_sent_twice_within_a_week(
    ago: dt.timedelta,
    same: bool,
    earlier_meeting: dt.date | None,
    this_meeting: dt.date | None,
    held_back: bool,
) -> None:
    meeting = (
        Meeting(id=1, agreement_id=1, held_on=this_meeting, body=MeetingBody.STEERING_GROUP)
        if this_meeting
        else None
    )
    [ukf] = build_reminders(A_PLAN, register(Fritid_UKF="ukf@burlov.se"), DAY, meeting=meeting)
    digest = content_sha256(ukf) if same else "0" * 64
    earlier = sent(digest, NOW.replace(tzinfo=None) - ago, earlier_meeting)
    found = find_earlier_send(ukf, [earlier], NOW.replace(tzinfo=None))
    assert (found is not None) == held_back


@given(st.text(max_size=60))
def test_an_accepted_address_can_never_carry_a_header_or_a_second_recipient(text: str) -> None:
    if email_refusal(text) is None:
        address = text.strip()
        assert not set(address) & set('\r\n,;<>" \t')
        assert address.count("@") == 1
        assert "\x00" not in address
