"""Pure judgements over a plan: what is late, what lacks follow-up, progress per focus area.

Nothing here is stored: försenad and uppföljning saknas are derived on the judging day.

Parts:
- judging one activity: is_overdue, is_followup_missing, judge_activity, days_behind
- per focus area: summarize_focus_areas
- the late list for meetings: group_late_commitments (by party and owner)
- Snabbkoll: select_commitments, commitment_group (one rule per activity), has_period_ended,
  build_quick_check (late, missing follow-ups, due soon, the rest)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection

from samverkan.models import (
    Activity,
    ActivityView,
    Agreement,
    Commitment,
    CommitmentGroup,
    FocusArea,
    FocusAreaSummary,
    OwnerCommitments,
    Party,
    PartyCommitments,
    PlanStatus,
    QuickCheck,
    Status,
    is_planned,
)

NOT_LATE_STATUSES = frozenset({Status.DONE, Status.STANDING, Status.CANCELLED})
NO_FOCUS_AREA = "Utan fokusområde"
NO_OWNER = "Ingen ansvarig angiven"
# The order parties are listed in on the late list: the same at every meeting.
PARTY_ORDER: tuple[Party | None, ...] = (
    Party.POLIS,
    Party.KOMMUN,
    Party.JOINT,
    Party.EXTERNAL,
    None,
)
QUICK_CHECK_DAYS = 30


def judging_day(agreement: Agreement, as_of: dt.date | None = None) -> dt.date:
    """The day to judge on: the given day or today, but never after the agreement's end."""
    return min(as_of or dt.date.today(), agreement.period_end)


def is_overdue(activity: Activity, as_of: dt.date) -> bool:
    """Due before the judging day and not Genomförd, Stående or Inställd (no status is not done)."""
    return (
        activity.due is not None
        and activity.due < as_of
        and activity.status not in NOT_LATE_STATUSES
    )


def is_followup_missing(activity: Activity, as_of: dt.date) -> bool:
    """Genomförd, its follow-up date passed, and not followed up."""
    return (
        activity.status is Status.DONE
        and activity.followup_due is not None
        and activity.followup_due < as_of
        and activity.followed_up_on is None
    )


def judge_activity(activity: Activity, as_of: dt.date) -> ActivityView:
    """The activity with what the judging day says about it."""
    overdue = is_overdue(activity, as_of)
    days_late = (as_of - activity.due).days if overdue and activity.due else None
    return ActivityView(
        activity=activity,
        overdue=overdue,
        followup_missing=is_followup_missing(activity, as_of),
        days_late=days_late,
    )


def summarize_focus_areas(
    views: list[ActivityView], focus_areas: list[FocusArea] | None = None
) -> list[FocusAreaSummary]:
    """Counts and progress per focus area, in the agreement's order, then any others as met."""
    order = [fa.name for fa in focus_areas or []]
    for view in views:
        name = view.activity.focus_area or NO_FOCUS_AREA
        if name not in order:
            order.append(name)
    grouped: dict[str, list[ActivityView]] = {name: [] for name in order}
    for view in views:
        grouped[view.activity.focus_area or NO_FOCUS_AREA].append(view)
    return [_summary(name, items) for name, items in grouped.items() if items]


def _summary(name: str, views: list[ActivityView]) -> FocusAreaSummary:
    statuses = Counter(v.activity.status for v in views)
    assessments = Counter(v.activity.assessment.value for v in views if v.activity.assessment)
    countable = sum(n for status, n in statuses.items() if is_planned(status))
    return FocusAreaSummary(
        name=name,
        activities=len(views),
        done=statuses[Status.DONE],
        overdue=sum(v.overdue for v in views),
        followup_missing=sum(v.followup_missing for v in views),
        standing=statuses[Status.STANDING],
        cancelled=statuses[Status.CANCELLED],
        in_progress=statuses[Status.IN_PROGRESS],
        not_started=statuses[Status.NOT_STARTED],
        status_missing=statuses[None],
        progress=statuses[Status.DONE] / countable if countable > 0 else None,
        assessments=dict(assessments),
    )


def days_behind(view: ActivityView, as_of: dt.date) -> int:
    """Days past the due date (late), or past the follow-up date (follow-up missing); else 0."""
    activity = view.activity
    if view.overdue and activity.due is not None:
        return (as_of - activity.due).days
    if view.followup_missing and activity.followup_due is not None:
        return (as_of - activity.followup_due).days
    return 0


def is_behind(view: ActivityView) -> bool:
    """Late, or done without the follow-up it was due."""
    return view.overdue or view.followup_missing


def group_late_commitments(status: PlanStatus) -> list[PartyCommitments]:
    """Every late activity and missing follow-up, by party and owner, most days behind first."""
    behind = [v for v in status.activities if is_behind(v)]
    groups = []
    for party in PARTY_ORDER:
        by_owner: dict[str, list[ActivityView]] = {}
        for view in behind:
            if view.activity.party is party:
                by_owner.setdefault(view.activity.owner or NO_OWNER, []).append(view)
        owners = [
            OwnerCommitments(
                owner=owner,
                commitments=sorted(views, key=lambda v: -days_behind(v, status.as_of)),
            )
            for owner, views in by_owner.items()
        ]
        owners.sort(key=lambda o: (-days_behind(o.commitments[0], status.as_of), o.owner))
        if owners:
            groups.append(PartyCommitments(party=party, owners=owners))
    return groups


def select_commitments(
    views: list[ActivityView],
    *,
    party: Party | None = None,
    owner: str | None = None,
    include_joint: bool = True,
) -> list[ActivityView]:
    """One party's commitments (and the joint ones), or one owner's (the name within the owner).

    An owner matches by its words, so "kommunpolis" also finds "Säkerhetssamordnare och
    kommunpolis": a shared commitment is each of its owners' commitment.
    """
    chosen = views
    if party is not None:
        parties = {party, Party.JOINT} if include_joint and party is not Party.EXTERNAL else {party}
        chosen = [v for v in chosen if v.activity.party in parties]
    if owner:
        wanted = owner.casefold().strip()
        chosen = [v for v in chosen if wanted in (v.activity.owner or "").casefold()]
    return chosen


def has_period_ended(agreement: Agreement, day: dt.date) -> bool:
    """True when the agreement's period ended before `day`: nothing is left to do under it."""
    return agreement.period_end < day


def commitment_group(
    view: ActivityView, as_of: dt.date, horizon_days: int = QUICK_CHECK_DAYS
) -> CommitmentGroup | None:
    """Snabbkoll's group for one judged activity; None for an Inställd one (nobody does it).

    Försenat and Uppföljning saknas are judge_activity's own flags (is_overdue and
    is_followup_missing), so a Genomförd activity is never late here either.
    """
    if view.activity.status is Status.CANCELLED:
        return None
    if view.overdue:
        return CommitmentGroup.LATE
    if view.followup_missing:
        return CommitmentGroup.FOLLOWUP_MISSING
    day = next_date(view.activity, as_of)
    if day is not None and (day - as_of).days <= horizon_days:
        return CommitmentGroup.UPCOMING
    return CommitmentGroup.OTHERS


def build_quick_check(
    statuses: list[PlanStatus],
    *,
    party: Party | None = None,
    owner: str | None = None,
    horizon_days: int = QUICK_CHECK_DAYS,
    as_of: dt.date | None = None,
    include_confidential: bool = True,
) -> QuickCheck:
    """Snabbkoll over one or more plans: late, missing follow-ups, due within the horizon, rest.

    `as_of` is the day the page says (default: the plans' latest judging day). A plan whose
    agreement ended before it is left out and named in `ended`: its days would be counted to
    its own last day, and nothing is left to do under it. Cancelled activities are left out:
    nobody has to do them any more. Without `include_confidential` ej offentlig activities are
    left out too, and `hidden` says how many.
    """
    day = as_of or max((s.as_of for s in statuses), default=dt.date.today())
    groups: dict[CommitmentGroup, list[Commitment]] = {g: [] for g in CommitmentGroup}
    ended: list[Agreement] = []
    hidden = 0
    for status in statuses:
        if has_period_ended(status.agreement, day):
            ended.append(status.agreement)
            continue
        # Every plan counts its days on the page's day (a running plan is judged on it already).
        views = [
            v if status.as_of == day else judge_activity(v.activity, day) for v in status.activities
        ]
        for view in select_commitments(views, party=party, owner=owner):
            group = commitment_group(view, day, horizon_days)
            if group is None:
                continue
            if view.activity.confidential and not include_confidential:
                hidden += 1
                continue
            groups[group].append(Commitment(agreement=status.agreement, view=view, as_of=day))
    return QuickCheck(
        as_of=day,
        horizon_days=horizon_days,
        late=sorted_by_days_behind(groups[CommitmentGroup.LATE]),
        followup_missing=sorted_by_days_behind(groups[CommitmentGroup.FOLLOWUP_MISSING]),
        upcoming=sorted_by_next_date(groups[CommitmentGroup.UPCOMING]),
        others=sorted_by_next_date(groups[CommitmentGroup.OTHERS]),
        ended=ended,
        hidden=hidden,
    )


def sorted_by_days_behind(commitments: list[Commitment]) -> list[Commitment]:
    """Most days behind first (plan order among equals)."""
    return sorted(commitments, key=lambda c: -days_behind(c.view, c.as_of))


def sorted_by_next_date(commitments: list[Commitment]) -> list[Commitment]:
    """The nearest date to act on first; those without one last."""
    return sorted(commitments, key=lambda c: next_date(c.view.activity, c.as_of) or dt.date.max)


def next_date(activity: Activity, as_of: dt.date) -> dt.date | None:
    """The next date the activity's owner has to act on: its due date, else its follow-up."""
    if activity.status not in NOT_LATE_STATUSES and activity.due and activity.due >= as_of:
        return activity.due
    followup = activity.followup_due
    if activity.status is Status.DONE and followup and followup >= as_of:
        return None if activity.followed_up_on else followup
    return None


def filter_activities(
    views: list[ActivityView],
    *,
    parties: Collection[Party | None] = (),
    owners: Collection[str | None] = (),
    statuses: Collection[Status | None] = (),
) -> list[ActivityView]:
    """The activities whose party, owner and status are among those chosen (none chosen: all)."""
    return [
        v
        for v in views
        if (not parties or v.activity.party in parties)
        and (not owners or v.activity.owner in owners)
        and (not statuses or v.activity.status in statuses)
    ]


def activities_of_focus_area(status: PlanStatus, name: str) -> list[ActivityView]:
    """The activities of one focus area, in plan order."""
    return [v for v in status.activities if (v.activity.focus_area or NO_FOCUS_AREA) == name]
