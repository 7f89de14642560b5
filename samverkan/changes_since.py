"""What changed in a plan since a day (the last meeting, a chosen date or an upload), and until.

Parts:
- matching across uploads: match_activities (by key; for the leftovers without their own ID,
  by a title within the same focus area that differs by a small edit at most; and the
  leftovers that may still be the same activity, over which an ej offentlig choice is kept)
- history: count_due_moves (how often each activity's due date moved across every upload)
- the comparison: compare_since (pure), compare_uploads (each upload against the one before),
  compare_plans (the reports' shorter list over a period, paired the same way),
  CHANGE_KINDS, count_changes and changes_line (one count and one wording for every page),
  group_by_focus_area (the page's sections), last_meeting
- assembly: build_changes_since (the plan on `since` and on `until`, from the store)
- ej offentlig: count_confidential, without_confidential (what leaves the app leaves them out)
- the command line's document: changes_json

Why one module: how two versions of a plan are paired, what counts as a change and how the
changes are counted and named is one rule, and Förändringar, an upload's summary, Historik,
Översikt and the command line must all follow it; split, they would drift apart again (the
upload page once said "1 med ny status" where Förändringar counted three changes).

"The plan on a day" is the newest plan batch uploaded on or before that day (withdrawn
batches never count). "Newly overdue" is judged on both days: overdue on `until` in the later
plan, and not overdue on `since` in the earlier one (or not in it at all).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from samverkan import store
from samverkan.excel.rows import derived_key
from samverkan.metrics import NO_FOCUS_AREA, is_overdue, judging_day
from samverkan.models import (
    Activity,
    ActivityChange,
    Agreement,
    ChangedActivity,
    ChangesSince,
    ImportBatch,
    Meeting,
    PlanChanges,
    Status,
    StoredAgreement,
    Upload,
)

# Titles at least this alike (difflib's ratio) are the same activity with a small edit, e.g.
# "Trygghetsvandring i centrum" → "Trygghetsvandringar i centrum" (0.96); a new wording such as
# "Nattvandring med föreningar" → "Föräldravandring" falls far below.
TITLE_MATCH_RATIO = 0.85
# Titles at least this alike, left unpaired, may still be the same activity reworded, e.g.
# "Riktade narkotikakontroller vid Arlövs station" → "Narkotikakontroller vid stationen i
# Arlöv" (0.71): not a pair for the changes, but an ej offentlig choice is kept over it.
UNCERTAIN_RATIO = 0.6


@dataclass(frozen=True)
class Matching:
    """Two versions of a plan paired up: (before, after) pairs, and what is left on each side.

    `uncertain` pairs an earlier activity with a later one that is left unpaired (in `added`)
    but may be the same: a title alike by UNCERTAIN_RATIO in its focus area, or the same title
    in another one (a renamed focus area). The earlier one may be paired with another.
    """

    pairs: list[tuple[Activity, Activity]]
    removed: list[Activity]
    added: list[Activity]
    uncertain: list[tuple[Activity, Activity]] = field(default_factory=list)


def has_own_id(activity: Activity) -> bool:
    """True when the plan gave the activity an ID (not the key made from focus area and title)."""
    return activity.activity_key != derived_key(activity.focus_area, activity.title)


def match_activities(before: list[Activity], after: list[Activity]) -> Matching:
    """Pair the activities of two versions of a plan, in the later plan's order.

    First by key (the plan's ID, or the key from focus area and title). Then, among the
    leftovers only, an activity without an ID of its own is paired with one in the same focus
    area whose title is at least TITLE_MATCH_RATIO alike, the most alike first; two activities
    that both carry their own (different) IDs are never paired by title.
    """
    old = {a.activity_key: a for a in before}
    new_keys = {a.activity_key for a in after}
    paired: dict[str, Activity] = {
        a.activity_key: old[a.activity_key] for a in after if a.activity_key in old
    }
    left_before = [a for a in before if a.activity_key not in new_keys]
    left_after = [a for a in after if a.activity_key not in paired]
    candidates: list[tuple[float, int, int]] = []
    maybe: list[tuple[int, int]] = []
    # Each activity's words, area and own-ID flag once, and the earlier ones by area and by
    # title: a plan of thousands compares only within an area (measured: 500 titles edited in
    # a 5,000-row plan took 5.7 s pair by pair, 0.3 s this way, with the same pairs).
    words = [_words(a.title) for a in left_before]
    own = [has_own_id(a) for a in left_before]
    by_area: dict[str, list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for i, earlier in enumerate(left_before):
        by_area.setdefault(_area(earlier), []).append(i)
        by_title.setdefault(words[i], []).append(i)
    for j, later in enumerate(left_after):
        later_own, later_words, area = has_own_id(later), _words(later.title), _area(later)
        matcher = difflib.SequenceMatcher(None, "", later_words)  # the later title indexed once
        for i in by_area.get(area, []):
            if own[i] and later_own:
                continue
            matcher.set_seq1(words[i])
            # quick_ratio is an upper bound of ratio: most unlike titles stop here.
            if matcher.real_quick_ratio() < UNCERTAIN_RATIO or matcher.quick_ratio() < (
                UNCERTAIN_RATIO
            ):
                continue
            ratio = matcher.ratio()
            if ratio >= TITLE_MATCH_RATIO:
                candidates.append((ratio, i, j))
            elif ratio >= UNCERTAIN_RATIO:
                maybe.append((i, j))
        # Only an identical title is looked for across focus areas (a renamed area).
        maybe += [
            (i, j)
            for i in by_title.get(later_words, [])
            if _area(left_before[i]) != area and not (own[i] and later_own)
        ]
    used_before: set[int] = set()
    used_after: set[int] = set()
    for _ratio, i, j in sorted(candidates, key=lambda c: (-c[0], c[2], c[1])):
        if i in used_before or j in used_after:
            continue
        used_before.add(i)
        used_after.add(j)
        paired[left_after[j].activity_key] = left_before[i]
    # A later activity left unpaired that was alike enough to one before it: perhaps the same.
    maybe += [(i, j) for _ratio, i, j in candidates]
    return Matching(
        pairs=[(paired[a.activity_key], a) for a in after if a.activity_key in paired],
        removed=[a for i, a in enumerate(left_before) if i not in used_before],
        added=[a for j, a in enumerate(left_after) if j not in used_after],
        uncertain=[
            (left_before[i], left_after[j])
            for i, j in sorted(set(maybe), key=lambda m: (m[1], m[0]))
            if j not in used_after
        ],
    )


def _area(activity: Activity) -> str:
    return " ".join((activity.focus_area or "").split()).casefold()


def _words(title: str) -> str:
    return " ".join(title.split()).casefold()


def count_due_moves(plans: list[list[Activity]]) -> dict[str, int]:
    """For each activity of the last plan, how many times its due date moved across the plans."""
    counts: dict[str, int] = {}
    previous: list[Activity] | None = None
    for plan in plans:
        counts = _moves_after(counts, previous, plan)
        previous = plan
    return counts


def _moves_after(
    counts: dict[str, int], previous: list[Activity] | None, plan: list[Activity]
) -> dict[str, int]:
    """The due-date moves of `plan`'s activities, given those of the plan before it."""
    moved = {a.activity_key: 0 for a in plan}
    if previous is not None:
        for earlier, later in match_activities(previous, plan).pairs:
            moved[later.activity_key] = counts.get(earlier.activity_key, 0) + int(
                earlier.due != later.due
            )
    return moved


def compare_since(
    before: list[Activity],
    after: list[Activity],
    since: dt.date,
    until: dt.date,
    due_moves: dict[str, int] | None = None,
) -> ChangesSince:
    """Every change from the plan on `since` to the plan on `until`, in the later plan's order."""
    matching = match_activities(before, after)
    moves = due_moves or {}
    pairs = [
        ChangedActivity(
            before=b,
            after=a,
            due_moves=max(moves.get(a.activity_key, 0), int(b.due != a.due)),
        )
        for b, a in matching.pairs
    ]
    earlier_of = {a.activity_key: b for b, a in matching.pairs}
    return ChangesSince(
        since=since,
        until=until,
        added=matching.added,
        removed=matching.removed,
        completed=[
            c for c in pairs if c.after.status is Status.DONE and c.before.status is not Status.DONE
        ],
        newly_overdue=[
            a
            for a in after
            if is_overdue(a, until)
            and not (a.activity_key in earlier_of and is_overdue(earlier_of[a.activity_key], since))
        ],
        due_moved=[c for c in pairs if c.before.due != c.after.due],
        status_changed=[c for c in pairs if c.before.status != c.after.status],
        assessment_changed=[c for c in pairs if c.before.assessment != c.after.assessment],
        comment_changed=[
            c for c in pairs if _comment(c.after) and _comment(c.before) != _comment(c.after)
        ],
        renamed=[c for c in pairs if _words(c.before.title) != _words(c.after.title)],
    )


def compare_plans(before: list[Activity], after: list[Activity]) -> PlanChanges:
    """Added, removed, new status and moved due date from `before` to `after` (the reports').

    Paired as every page pairs them (match_activities), so a title edited in a plan without
    IDs is one activity on the report as on Förändringar, not one removed and one added.
    """
    matching = match_activities(before, after)
    changes = [
        ActivityChange(
            activity_key=a.activity_key,
            title=a.title,
            status_before=b.status,
            status_after=a.status,
            due_before=b.due,
            due_after=a.due,
        )
        for b, a in matching.pairs
    ]
    return PlanChanges(
        added=matching.added,
        removed=matching.removed,
        status_changed=[c for c in changes if c.status_before != c.status_after],
        due_moved=[c for c in changes if c.due_before != c.due_after],
    )


def _comment(activity: Activity) -> str:
    return " ".join((activity.comment or "").split())


_LISTS = (
    "added",
    "removed",
    "completed",
    "newly_overdue",
    "due_moved",
    "status_changed",
    "assessment_changed",
    "comment_changed",
    "renamed",
)


# Each kind of change as it is counted and named wherever an upload's changes are told: the
# figures on top of Förändringar, the line after Spara on Ladda upp, Historik and Översikt.
# (list name, label, what it counts), in the order they are shown.
CHANGE_KINDS = (
    ("added", "Nya", "Aktiviteter som inte fanns i planen då"),
    ("removed", "Borttagna", "Aktiviteter som fanns då men inte finns i planen nu"),
    ("completed", "Genomförda", "Blivit genomförda sedan dess"),
    ("newly_overdue", "Nyss försenade", "Försenade nu men inte då"),
    ("due_moved", "Nytt slutdatum", "Slutdatumet har flyttats"),
    ("status_changed", "Ny status", "Alla statusändringar, genomförda inräknade"),
    ("assessment_changed", "Ny bedömning", "Grön, gul eller röd har ändrats"),
    ("comment_changed", "Nya kommentarer", "Ny eller ändrad kommentar"),
    ("renamed", "Ny rubrik", "Aktiviteten har fått en ny rubrik"),
)


def count_changes(changes: ChangesSince) -> dict[str, int]:
    """How many of each kind of change: the figures on top of the page."""
    return {name: len(getattr(changes, name)) for name in _LISTS}


def changes_line(changes: ChangesSince) -> str:
    """'genomförda 1, ny status 1, ny bedömning 1, nya kommentarer 1', or 'inga ändringar':
    the kinds with a change, named and counted as on top of Förändringar."""
    counts = count_changes(changes)
    parts = [f"{label.lower()} {counts[name]}" for name, label, _ in CHANGE_KINDS if counts[name]]
    return ", ".join(parts) or "inga ändringar"


def group_by_focus_area(
    changes: ChangesSince, area_order: list[str] | None = None
) -> list[tuple[str, ChangesSince]]:
    """The changes per focus area (a removed activity under the area it had).

    Areas come in `area_order` (the agreement's order), then any other in the order met.
    """
    groups: dict[str, dict[str, list[Any]]] = {}
    for name in _LISTS:
        for item in getattr(changes, name):
            activity = item.after if isinstance(item, ChangedActivity) else item
            area = activity.focus_area or NO_FOCUS_AREA
            groups.setdefault(area, {n: [] for n in _LISTS})[name].append(item)
    known = {area: i for i, area in enumerate(area_order or [])}
    met = {area: i for i, area in enumerate(groups)}
    ordered = sorted(groups, key=lambda a: (a not in known, known.get(a, 0), met[a]))
    return [
        (area, ChangesSince(since=changes.since, until=changes.until, **groups[area]))
        for area in ordered
    ]


def last_meeting(meetings: list[Meeting], on: dt.date) -> Meeting | None:
    """The latest meeting held on or before `on`: what "since we last met" starts from."""
    held = [m for m in meetings if m.held_on <= on]
    return max(held, key=lambda m: (m.held_on, m.id)) if held else None


def compare_uploads(
    agreement: Agreement, plans: list[tuple[Upload, list[Activity]]]
) -> list[ChangesSince]:
    """What each plan changed against the plan before it, oldest first (one fewer than plans).

    Each is the comparison Förändringar makes from the earlier upload to the day of the later
    one (overdue judged on each upload's day, never after the agreement's end), so an upload's
    summary and Förändringar count the same changes.
    """
    results = []
    moves: dict[str, int] = {}
    previous: tuple[Upload, list[Activity]] | None = None
    for upload, plan in plans:
        moves = _moves_after(moves, previous[1] if previous else None, plan)
        if previous is not None:
            since, until = previous[0].uploaded_at.date(), upload.uploaded_at.date()
            changes = compare_since(
                previous[1],
                plan,
                judging_day(agreement, since),
                judging_day(agreement, until),
                moves,
            )
            results.append(
                changes.model_copy(
                    update={
                        "since": since,
                        "until": until,
                        "before_upload": previous[0],
                        "after_upload": upload,
                    }
                )
            )
        previous = (upload, plan)
    return results


# -- assembly from the store ------------------------------------------------------------------


def build_changes_since(
    con: store.Connection,
    agreement: StoredAgreement,
    since: dt.date,
    until: dt.date | None = None,
    *,
    since_upload_id: int | None = None,
) -> ChangesSince:
    """The agreement's plan on `since` (or as a chosen upload left it) against its plan on `until`.

    Overdue is judged on each day, but never after the agreement's end (as everywhere).
    """
    last_day = until or dt.date.today()
    uploads = {u.id: u for u in store.fetch_uploads(con, agreement.id)}
    batches = [
        (batch, uploads[batch.upload_id])
        for batch in store.fetch_agreement_batches(con, agreement.id)
        if not batch.withdrawn and uploads[batch.upload_id].uploaded_at.date() <= last_day
    ]
    before = _plan_of(batches, since, since_upload_id)
    after = batches[-1] if batches else None
    plans = [store.fetch_batch_activities(con, b.id) for b, _ in batches]
    earlier = plans[batches.index(before)] if before is not None else []
    later = plans[-1] if plans else []
    changes = compare_since(
        earlier,
        later,
        judging_day(agreement, since),
        judging_day(agreement, last_day),
        count_due_moves(plans),
    )
    return changes.model_copy(
        update={
            "since": since,
            "until": last_day,
            "before_upload": before[1] if before else None,
            "after_upload": after[1] if after else None,
        }
    )


def _plan_of(
    batches: list[tuple[ImportBatch, Upload]], day: dt.date, upload_id: int | None
) -> tuple[ImportBatch, Upload] | None:
    """The chosen upload's batch, else the newest batch uploaded on or before `day`."""
    if upload_id is not None:
        chosen = [b for b in batches if b[1].id == upload_id]
        if chosen:
            return chosen[-1]
    on_or_before = [b for b in batches if b[1].uploaded_at.date() <= day]
    return on_or_before[-1] if on_or_before else None


# -- ej offentlig, for what leaves the app ---------------------------------------------------


def _is_confidential(item: Activity | ChangedActivity) -> bool:
    """Ej offentlig in either version: an earlier title or status must not leave either."""
    if isinstance(item, ChangedActivity):
        return item.before.confidential or item.after.confidential
    return item.confidential


def count_confidential(changes: ChangesSince, names: tuple[str, ...] = _LISTS) -> int:
    """How many ej offentlig activities the changes name in these lists (each once)."""
    return len(
        {
            item.activity_key
            for name in names
            for item in getattr(changes, name)
            if _is_confidential(item)
        }
    )


def without_confidential(changes: ChangesSince) -> ChangesSince:
    """The changes with every ej offentlig activity left out, in every list."""
    return changes.model_copy(
        update={
            name: [i for i in getattr(changes, name) if not _is_confidential(i)] for name in _LISTS
        }
    )


# -- the command line's document ------------------------------------------------------------

_JSON_LISTS = ("added", "removed", "completed", "newly_overdue", "due_moved", "status_changed")


def changes_json(changes: ChangesSince, *, include_confidential: bool = False) -> dict[str, Any]:
    """The `samverkan changes --json` document (issue 6's contract).

    Ej offentlig activities are left out unless included; `confidential` says which and how
    many, and each item carries its own `confidential` only when they are included.
    """
    count = count_confidential(changes, _JSON_LISTS)
    if not include_confidential:
        changes = without_confidential(changes)

    def mark(item: Activity | ChangedActivity) -> dict[str, Any]:
        return {"confidential": _is_confidential(item)} if include_confidential else {}

    def item(activity: Activity) -> dict[str, Any]:
        return {
            "id": activity.activity_key,
            "title": activity.title,
            "focus_area": activity.focus_area,
        } | mark(activity)

    def change(c: ChangedActivity, before: str | None, after: str | None) -> dict[str, Any]:
        return {"id": c.activity_key, "title": c.after.title, "from": before, "to": after} | mark(c)

    return {
        "since": changes.since.isoformat(),
        "until": changes.until.isoformat(),
        "added": [item(a) for a in changes.added],
        "removed": [item(a) for a in changes.removed],
        "completed": [item(c.after) | mark(c) for c in changes.completed],
        "newly_overdue": [item(a) for a in changes.newly_overdue],
        "due_moved": [change(c, _iso(c.before.due), _iso(c.after.due)) for c in changes.due_moved],
        "status_changed": [
            change(
                c,
                c.before.status.value if c.before.status else None,
                c.after.status.value if c.after.status else None,
            )
            for c in changes.status_changed
        ],
        "confidential": {"included": include_confidential, "activities": count},
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
