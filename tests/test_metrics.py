"""Judging a plan: late, missing follow-up and progress, as DESIGN.md's rules say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan.metrics import (
    NO_OWNER,
    build_quick_check,
    commitment_group,
    days_behind,
    filter_activities,
    group_late_commitments,
    is_followup_missing,
    is_overdue,
    judge_activity,
    judging_day,
    select_commitments,
    summarize_focus_areas,
)
from samverkan.models import (
    Activity,
    Agreement,
    Assessment,
    CommitmentGroup,
    FocusArea,
    Party,
    PlanStatus,
    Status,
)

DAY = dt.date(2024, 6, 1)


def make_activity(**overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "activity_key": "A1",
        "focus_area": "Trygghet",
        "title": "Trygghetsvandring",
        "sheet": "Plan",
        "row": 2,
    }
    values.update(overrides)
    return Activity(**values)


@pytest.mark.parametrize(
    ("due", "status", "late"),
    [
        (dt.date(2024, 5, 31), Status.IN_PROGRESS, True),
        (dt.date(2024, 5, 31), Status.NOT_STARTED, True),
        (dt.date(2024, 5, 31), None, True),  # unreported is never done
        (dt.date(2024, 5, 31), Status.DONE, False),
        (dt.date(2024, 5, 31), Status.STANDING, False),
        (dt.date(2024, 5, 31), Status.CANCELLED, False),
        (dt.date(2024, 6, 1), Status.IN_PROGRESS, False),  # due today is not late yet
        (None, Status.IN_PROGRESS, False),
    ],
)
def test_overdue(due: dt.date | None, status: Status | None, late: bool) -> None:
    assert is_overdue(make_activity(due=due, status=status), DAY) is late


@pytest.mark.parametrize(
    ("status", "followup_due", "followed_up_on", "missing"),
    [
        (Status.DONE, dt.date(2024, 5, 1), None, True),
        (Status.DONE, dt.date(2024, 5, 1), dt.date(2024, 5, 2), False),
        (Status.DONE, dt.date(2024, 6, 1), None, False),
        (Status.DONE, None, None, False),
        (Status.IN_PROGRESS, dt.date(2024, 5, 1), None, False),
    ],
)
def test_followup_missing(
    status: Status, followup_due: dt.date | None, followed_up_on: dt.date | None, missing: bool
) -> None:
    activity = make_activity(
        status=status, followup_due=followup_due, followed_up_on=followed_up_on
    )
    assert is_followup_missing(activity, DAY) is missing


def test_days_late() -> None:
    view = judge_activity(make_activity(due=dt.date(2024, 5, 22), status=Status.IN_PROGRESS), DAY)
    assert view.days_late == 10


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(dt.date(2023, 3, 1), dt.date(2023, 3, 1)), (dt.date(2030, 1, 1), dt.date(2024, 12, 31))],
)
def test_judging_day_never_after_the_agreements_end(as_of: dt.date, expected: dt.date) -> None:
    agreement = Agreement(
        kommun="Lund", period_start=dt.date(2023, 1, 1), period_end=dt.date(2024, 12, 31)
    )
    assert judging_day(agreement, as_of) == expected


def test_progress_leaves_out_cancelled_and_standing() -> None:
    statuses = [
        Status.DONE,
        Status.DONE,
        Status.IN_PROGRESS,
        Status.STANDING,
        Status.CANCELLED,
        None,
    ]
    views = [
        judge_activity(make_activity(activity_key=str(i), status=s), DAY)
        for i, s in enumerate(statuses)
    ]
    (summary,) = summarize_focus_areas(views)
    assert summary.progress == pytest.approx(2 / 4)
    assert (summary.activities, summary.done, summary.standing, summary.cancelled) == (6, 2, 1, 1)
    assert summary.status_missing == 1


def test_focus_areas_in_agreement_order_then_as_met() -> None:
    views = [
        judge_activity(
            make_activity(activity_key="1", focus_area="B", assessment=Assessment.RED), DAY
        ),
        judge_activity(make_activity(activity_key="2", focus_area="C"), DAY),
        judge_activity(make_activity(activity_key="3", focus_area="A"), DAY),
    ]
    summaries = summarize_focus_areas(views, [FocusArea(name="A"), FocusArea(name="B")])
    assert [s.name for s in summaries] == ["A", "B", "C"]
    assert summaries[1].assessments == {"Röd": 1}


def test_only_standing_has_no_progress() -> None:
    views = [judge_activity(make_activity(status=Status.STANDING), DAY)]
    assert summarize_focus_areas(views)[0].progress is None


# -- the late list and Snabbkoll --------------------------------------------------------------


def make_plan_status(*activities: Activity, kommun: str = "Burlöv") -> PlanStatus:
    agreement = Agreement(
        id=1, kommun=kommun, period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31)
    )
    views = [judge_activity(a, DAY) for a in activities]
    return PlanStatus(
        as_of=DAY, agreement=agreement, focus_areas=summarize_focus_areas(views), activities=views
    )


def test_late_list_by_party_then_owner_most_days_behind_first() -> None:
    status = make_plan_status(
        make_activity(activity_key="K", party=Party.KOMMUN, owner="Soc", due=dt.date(2024, 4, 1)),
        make_activity(activity_key="P1", party=Party.POLIS, owner="LPO", due=dt.date(2024, 5, 20)),
        make_activity(activity_key="P2", party=Party.POLIS, owner="KP", due=dt.date(2024, 5, 1)),
        make_activity(activity_key="P3", party=Party.POLIS, owner="LPO", due=dt.date(2024, 3, 1)),
        make_activity(activity_key="X", party=None, owner=None, due=dt.date(2024, 5, 30)),
        make_activity(
            activity_key="F",
            party=Party.POLIS,
            owner="KP",
            status=Status.DONE,
            followup_due=dt.date(2024, 5, 29),
        ),
        make_activity(activity_key="OK", party=Party.POLIS, due=dt.date(2024, 7, 1)),
    )
    groups = group_late_commitments(status)
    assert [g.party for g in groups] == [Party.POLIS, Party.KOMMUN, None]
    polis = groups[0]
    assert [o.owner for o in polis.owners] == ["LPO", "KP"]
    assert [v.activity.activity_key for v in polis.owners[0].commitments] == ["P3", "P1"]
    assert [v.activity.activity_key for v in polis.owners[1].commitments] == ["P2", "F"]
    assert groups[2].owners[0].owner == NO_OWNER
    assert polis.count == 4


@pytest.mark.parametrize(
    ("overrides", "days"),
    [
        ({"due": dt.date(2024, 5, 22)}, 10),
        ({"status": Status.DONE, "followup_due": dt.date(2024, 5, 29)}, 3),
        ({"due": dt.date(2024, 6, 20)}, 0),
    ],
    ids=["forsenad", "uppfoljning-saknas", "i-tid"],
)
def test_days_behind(overrides: dict[str, Any], days: int) -> None:
    assert days_behind(judge_activity(make_activity(**overrides), DAY), DAY) == days


def test_quick_check_late_first_then_the_next_30_days_then_the_rest() -> None:
    status = make_plan_status(
        make_activity(activity_key="L1", party=Party.POLIS, due=dt.date(2024, 5, 1)),
        make_activity(activity_key="L2", party=Party.POLIS, due=dt.date(2024, 5, 25)),
        make_activity(activity_key="S2", party=Party.POLIS, due=dt.date(2024, 6, 25)),
        make_activity(activity_key="S1", party=Party.JOINT, due=dt.date(2024, 6, 5)),
        make_activity(
            activity_key="FU",
            party=Party.POLIS,
            status=Status.DONE,
            due=dt.date(2024, 5, 1),
            followup_due=dt.date(2024, 6, 10),
        ),
        make_activity(activity_key="LATER", party=Party.POLIS, due=dt.date(2024, 10, 1)),
        make_activity(activity_key="GONE", party=Party.POLIS, status=Status.CANCELLED),
        make_activity(activity_key="KOMMUN", party=Party.KOMMUN, due=dt.date(2024, 5, 1)),
    )
    check = build_quick_check([status], party=Party.POLIS)
    assert [c.view.activity.activity_key for c in check.late] == ["L1", "L2"]
    assert [c.view.activity.activity_key for c in check.upcoming] == ["S1", "FU", "S2"]
    assert [c.view.activity.activity_key for c in check.others] == ["LATER"]
    assert check.late[0].kommun == "Burlöv"


def test_quick_check_of_one_owner_across_several_plans() -> None:
    burlov = make_plan_status(
        make_activity(activity_key="B", owner="Säkerhetssamordnare och kommunpolis"),
        make_activity(activity_key="S", owner="Socialtjänsten"),
    )
    lomma = make_plan_status(make_activity(activity_key="L", owner="Kommunpolis"), kommun="Lomma")
    check = build_quick_check([burlov, lomma], owner="kommunpolis")
    assert sorted(c.view.activity.activity_key for c in check.shown) == ["B", "L"]
    assert {c.kommun for c in check.shown} == {"Burlöv", "Lomma"}


def test_select_commitments_of_a_party_takes_the_joint_ones_too() -> None:
    views = [
        judge_activity(make_activity(activity_key=k, party=p), DAY)
        for k, p in (("P", Party.POLIS), ("G", Party.JOINT), ("K", Party.KOMMUN))
    ]
    assert [v.activity.activity_key for v in select_commitments(views, party=Party.POLIS)] == [
        "P",
        "G",
    ]
    only = select_commitments(views, party=Party.POLIS, include_joint=False)
    assert [v.activity.activity_key for v in only] == ["P"]


def test_filter_activities_by_party_owner_and_status() -> None:
    views = [
        judge_activity(
            make_activity(activity_key=key, party=party, owner=owner, status=status), DAY
        )
        for key, party, owner, status in (
            ("A", Party.POLIS, "KP", Status.IN_PROGRESS),
            ("B", None, None, None),
            ("C", Party.KOMMUN, "Soc", Status.DONE),
        )
    ]
    assert len(filter_activities(views)) == 3
    keys = [v.activity.activity_key for v in filter_activities(views, parties=[None])]
    assert keys == ["B"]
    keys = [v.activity.activity_key for v in filter_activities(views, statuses=[None])]
    assert keys == ["B"]
    keys = [
        v.activity.activity_key
        for v in filter_activities(views, parties=[Party.POLIS, Party.KOMMUN], owners=["Soc"])
    ]
    assert keys == ["C"]


# -- Snabbkoll's groups: one rule per activity ------------------------------------------------

LATE, FOLLOWUP, SOON, REST = (
    CommitmentGroup.LATE,
    CommitmentGroup.FOLLOWUP_MISSING,
    CommitmentGroup.UPCOMING,
    CommitmentGroup.OTHERS,
)


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("overrides", "group"),
    [
        ({"status": Status.IN_PROGRESS, "due": days(-1)}, LATE),
        ({"status": Status.NOT_STARTED, "due": days(-40)}, LATE),
        ({"status": None, "due": days(-1)}, LATE),  # unreported is never done
        # Genomförd is never late: its follow-up is its own group.
        ({"status": Status.DONE, "due": days(-90), "followup_due": days(-73)}, FOLLOWUP),
        ({"status": Status.DONE, "due": days(-90), "followup_due": days(-1),
          "followed_up_on": days(-2)}, REST),  # followed up
        ({"status": Status.DONE, "due": days(-90)}, REST),  # no follow-up asked for
        ({"status": Status.DONE, "due": days(-9), "followup_due": days(10)}, SOON),
        ({"status": Status.DONE, "due": days(-9), "followup_due": days(31)}, REST),
        ({"status": Status.STANDING, "due": days(-5)}, REST),
        ({"status": Status.IN_PROGRESS, "due": days(0)}, SOON),  # due today: not late yet
        ({"status": Status.IN_PROGRESS, "due": days(30)}, SOON),
        ({"status": Status.IN_PROGRESS, "due": days(31)}, REST),
        ({"status": Status.IN_PROGRESS, "due": None}, REST),
        ({"status": Status.CANCELLED, "due": days(-5)}, None),  # nobody does it any more
    ],
    ids=[
        "pagar-forsenad", "ej-paborjad-forsenad", "utan-status-forsenad",
        "genomford-uppfoljning-saknas", "genomford-uppfoljd", "genomford-utan-uppfoljning",
        "uppfoljning-om-10-dagar", "uppfoljning-om-31-dagar", "staende", "klart-i-dag",
        "klart-om-30-dagar", "klart-om-31-dagar", "utan-slutdatum", "installd",
    ],
)  # fmt: skip
def test_commitment_group(overrides: dict[str, Any], group: CommitmentGroup | None) -> None:
    assert commitment_group(judge_activity(make_activity(**overrides), DAY), DAY) is group


@given(
    status=st.sampled_from([*Status, None]),
    due=st.none() | st.integers(-400, 400).map(days),
    followup=st.none() | st.integers(-400, 400).map(days),
    followed_up=st.booleans(),
)
def test_late_and_missing_follow_up_are_the_judged_flags_and_never_both(
    status: Status | None, due: dt.date | None, followup: dt.date | None, followed_up: bool
) -> None:
    activity = make_activity(
        status=status, due=due, followup_due=followup, followed_up_on=DAY if followed_up else None
    )
    view = judge_activity(activity, DAY)
    group = commitment_group(view, DAY)
    assert (group is LATE) == (view.overdue and status is not Status.CANCELLED)
    assert (group is FOLLOWUP) == view.followup_missing
    if status is Status.DONE:
        assert group is not LATE


def make_agreement_status(
    *activities: Activity, kommun: str, end: dt.date, as_of: dt.date
) -> PlanStatus:
    agreement = Agreement(
        id=hash(kommun) % 1000, kommun=kommun, lpo="Kävlinge",
        period_start=dt.date(end.year, 1, 1), period_end=end,
    )  # fmt: skip
    day = min(as_of, end)
    views = [judge_activity(a, day) for a in activities]
    return PlanStatus(
        as_of=day, agreement=agreement, focus_areas=summarize_focus_areas(views), activities=views
    )


def test_quick_check_shows_missing_follow_ups_apart_from_late_commitments() -> None:
    status = make_plan_status(
        make_activity(activity_key="FU", status=Status.DONE, due=days(-90), followup_due=days(-73)),
        make_activity(activity_key="L", status=Status.IN_PROGRESS, due=days(-12)),
        make_activity(activity_key="FU2", status=Status.DONE, due=days(-20), followup_due=days(-2)),
    )
    check = build_quick_check([status])
    assert [c.view.activity.activity_key for c in check.late] == ["L"]
    assert [c.view.activity.activity_key for c in check.followup_missing] == ["FU", "FU2"]
    assert [c.view.activity.activity_key for c in check.shown] == ["L", "FU", "FU2"]
    assert check.group(CommitmentGroup.FOLLOWUP_MISSING) == check.followup_missing


def test_quick_check_leaves_out_an_agreement_whose_period_ended_and_counts_on_its_day() -> None:
    today = dt.date(2026, 12, 7)
    running = make_agreement_status(
        make_activity(activity_key="B", status=Status.IN_PROGRESS, due=dt.date(2026, 11, 25)),
        kommun="Burlöv", end=dt.date(2027, 12, 31), as_of=today,
    )  # fmt: skip
    ended = make_agreement_status(
        make_activity(activity_key="K", status=Status.IN_PROGRESS, due=dt.date(2024, 4, 21)),
        kommun="Kävlinge", end=dt.date(2024, 12, 31), as_of=today,
    )  # fmt: skip
    assert days_behind(ended.activities[0], ended.as_of) == 254  # what the page used to show
    check = build_quick_check([ended, running], as_of=today)
    assert check.as_of == today
    assert [c.kommun for c in check.shown] == ["Burlöv"]
    assert [a.kommun for a in check.ended] == ["Kävlinge"]
    assert all(c.as_of == today for c in check.shown)
    assert days_behind(check.late[0].view, check.late[0].as_of) == 12


def test_quick_check_judges_a_running_plan_on_the_given_day() -> None:
    # A plan judged on another day is judged again on the page's day: one day for every count.
    status = make_agreement_status(
        make_activity(activity_key="B", status=Status.IN_PROGRESS, due=dt.date(2026, 11, 25)),
        kommun="Burlöv", end=dt.date(2027, 12, 31), as_of=dt.date(2026, 11, 1),
    )  # fmt: skip
    check = build_quick_check([status], as_of=dt.date(2026, 12, 7))
    assert [c.view.days_late for c in check.late] == [12]


def test_quick_check_without_confidential_says_how_many_it_left_out() -> None:
    status = make_plan_status(
        make_activity(activity_key="S", due=days(-3), confidential=True),
        make_activity(activity_key="O", due=days(-3)),
        make_activity(activity_key="X", due=days(-3), confidential=True, status=Status.CANCELLED),
    )
    shown = build_quick_check([status])
    hidden = build_quick_check([status], include_confidential=False)
    assert [c.view.activity.activity_key for c in shown.late] == ["S", "O"]
    assert (shown.hidden, hidden.hidden) == (0, 1)  # the cancelled one is not shown to anyone
    assert [c.view.activity.activity_key for c in hidden.shown] == ["O"]
