"""Check-ins: one activity updated where the work is done, between the Excel uploads (issue 18).

Why one module: what a check-in may change, how it is said, and when a later file contradicts
it are one set of fields and words (a status, a done date, a due date, a bedömning, a
comment); split apart, the conflict's wording and the confirmation would drift from each
other and from the fields the store writes.

Parts:
- clean_text: a typed comment or reason as it may be stored (controls out, length capped)
- plan_checkin: what a request changes in an activity, or why it may not (pure)
- record_checkin: the whole check-in against the store: the activity looked up, the user's
  right checked (access.may_check_in, with the user's rights as the store has them now), the
  request judged, the version saved and the audit log written; a refusal is a value
- checkin_sentence, changes_text, version_name: how the pages and the command line say it
- find_conflicts, conflict_choices, apply_choices: an upload of a file that contradicts a
  later check-in (pure):
  each conflict listed, and the file's activities given the check-in's value where the
  coordinator keeps it (the default)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from samverkan import store
from samverkan.access import CHECKIN_REFUSAL, may_check_in
from samverkan.models import (
    CHECKIN_FIELD_LABELS,
    Activity,
    Agreement,
    AuditAction,
    CheckIn,
    CheckInConflict,
    CheckInField,
    CheckInRequest,
    CheckInValue,
    FieldChange,
    Role,
    Status,
    Upload,
    UserAccount,
    status_word,
)
from samverkan.privacy import typed_personal_number
from samverkan.store.audit import save_audit_entry
from samverkan.store.checkins import PlanChanged, save_checkin
from samverkan.store.users import fetch_user
from samverkan.swedish import format_date

MAX_COMMENT_LENGTH = 500
MAX_REASON_LENGTH = 300
# Every control character (C0, DEL, C1) and the bidi ones that reorder a line; a line break
# or tab in a comment becomes a space (a card and a cell show one line).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str | None) -> str | None:
    """The text with control characters made spaces, runs of spaces one; None when empty."""
    if text is None:
        return None
    cleaned = " ".join(_CONTROLS.sub(" ", unicodedata.normalize("NFC", text)).split())
    return cleaned or None


@dataclass(frozen=True)
class CheckInPlan:
    """What a request changes in one activity, or the Swedish reasons it may not be saved."""

    changes: list[FieldChange] = field(default_factory=list)
    reason: str | None = None
    comment: str | None = None
    problems: list[str] = field(default_factory=list)


def plan_checkin(
    agreement: Agreement, activity: Activity, request: CheckInRequest, today: dt.date
) -> CheckInPlan:
    """The fields the request changes (only those that differ), or why it is refused.

    A done date (default today) makes the status Genomförd and may be neither in the future
    nor before the agreement's period; another status clears a done date; a new due date needs
    a reason; a comment or reason is cleaned, capped and may hold no personnummer.
    """
    problems: list[str] = []
    comment = _checked_text(request.comment, "Kommentaren", MAX_COMMENT_LENGTH, problems)
    reason = _checked_text(request.reason, "Skälet", MAX_REASON_LENGTH, problems)
    status, done_on = request.status, request.done_on
    if done_on is not None and status not in (None, Status.DONE):
        problems.append(
            f"Ett datum för genomförd passar bara med status Genomförd, inte {status_word(status)}."
        )
    if done_on is not None and status is None:
        status = Status.DONE
    if status is Status.DONE and done_on is None:
        done_on = activity.done_on if activity.status is Status.DONE and activity.done_on else today
    if done_on is not None and done_on > today:
        problems.append(
            f"Genomförd {format_date(done_on)} har inte kommit än; ange i dag eller ett tidigare "
            "datum."
        )
    if done_on is not None and done_on < agreement.period_start:
        problems.append(
            f"Genomförd {format_date(done_on)} är före överenskommelsens period "
            f"({format_date(agreement.period_start)}–{format_date(agreement.period_end)})."
        )
    if status is not None and status is not Status.DONE and activity.done_on is not None:
        done_on = None  # no longer done: the done date goes with the status
        clear_done = True
    else:
        clear_done = False
    due = request.due
    if due is not None and due != activity.due and reason is None:
        problems.append("Ett nytt slutdatum behöver ett skäl: skriv varför det flyttas.")
    if reason is not None and (due is None or due == activity.due):
        problems.append("Skälet gäller ett nytt slutdatum; ange slutdatumet också.")
    wanted: list[tuple[CheckInField, CheckInValue, CheckInValue]] = [
        (CheckInField.STATUS, activity.status, status),
        (CheckInField.DONE_ON, activity.done_on, done_on),
        (CheckInField.DUE, activity.due, due),
        (CheckInField.ASSESSMENT, activity.assessment, request.assessment),
        (CheckInField.COMMENT, activity.comment, comment),
    ]
    changes = [
        FieldChange(field=f, before=before, after=after)
        for f, before, after in wanted
        if (after is not None or (f is CheckInField.DONE_ON and clear_done)) and after != before
    ]
    if not changes and not problems:
        problems.append(
            f"Inget att spara: {activity.title} har redan de uppgifterna. Ändra något och "
            "spara igen."
        )
    if problems:
        return CheckInPlan(problems=problems)
    return CheckInPlan(changes=changes, reason=reason, comment=comment)


def _checked_text(text: str | None, what: str, limit: int, problems: list[str]) -> str | None:
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    if len(cleaned) > limit:
        problems.append(f"{what} får vara högst {limit} tecken (nu {len(cleaned)}).")
    refusal = typed_personal_number(cleaned, what)
    if refusal:
        problems.append(refusal)
    return cleaned


@dataclass(frozen=True)
class CheckInResult:
    """What a check-in did: the stored check-in and its sentence, or why nothing was saved."""

    checkin: CheckIn | None = None
    message: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        """True when the check-in was stored."""
        return self.checkin is not None


def record_checkin(
    con: store.Connection,
    user: UserAccount | None,
    actor: str,
    agreement_id: int,
    activity_key: str,
    request: CheckInRequest,
    *,
    now: dt.datetime | None = None,
) -> CheckInResult:
    """Check the right and the request against the store as it is now, then save and log.

    The agreement and activity are looked up here from their ids (a value from a browser is
    never trusted for what the activity is); the user's rights are read again from the store
    where the user is kept there. A refusal of the right is logged.
    """
    moment = now or dt.datetime.now().replace(microsecond=0)
    agreement = store.fetch_agreement(con, agreement_id)
    batch_id = store.fetch_current_batch_id(con, agreement_id) if agreement else None
    if agreement is None or batch_id is None:
        return CheckInResult(problems=["Överenskommelsen har ingen plan att checka in i."])
    activity = next(
        (a for a in store.fetch_batch_activities(con, batch_id) if a.activity_key == activity_key),
        None,
    )
    current = _as_stored(con, user)
    if activity is None or not may_check_in(current, agreement, activity):
        save_audit_entry(
            con,
            actor,
            AuditAction.REFUSED,
            f"Incheckning av aktivitet {activity_key}",
            kommun=agreement.kommun,
        )
        if activity is None:
            return CheckInResult(
                problems=[
                    f"Det finns ingen aktivitet {activity_key} i planen för {agreement.kommun}. "
                    "Inget har sparats."
                ]
            )
        return CheckInResult(problems=[CHECKIN_REFUSAL])
    plan = plan_checkin(agreement, activity, request, moment.date())
    if plan.problems:
        return CheckInResult(problems=plan.problems)
    original = json.dumps(
        {
            "incheckning": activity_key,
            "kommun": agreement.kommun,
            "aktivitet": activity.title,
            "ändringar": {
                c.field.value: {"före": _json_value(c.before), "efter": _json_value(c.after)}
                for c in plan.changes
            },
            "skäl": plan.reason,
            "kommentar": plan.comment,
            "av": actor,
            "tid": moment.isoformat(),
        },
        ensure_ascii=False,
        indent=2,
    ).encode("utf-8")
    try:
        upload_id = save_checkin(
            con,
            agreement_id=agreement_id,
            based_on_batch=batch_id,
            activity_key=activity_key,
            title=activity.title,
            changes=plan.changes,
            reason=plan.reason,
            comment=plan.comment,
            by=actor,
            at=moment,
            original=original,
        )
    except PlanChanged:
        return CheckInResult(
            problems=["Planen ändrades nyss av någon annan. Öppna aktiviteten igen och spara."]
        )
    checkin = CheckIn(
        upload_id=upload_id,
        agreement_id=agreement_id,
        activity_key=activity_key,
        title=activity.title,
        changes=plan.changes,
        reason=plan.reason,
        comment=plan.comment,
        by=actor,
        at=moment,
    )
    save_audit_entry(
        con,
        actor,
        AuditAction.CHECKIN,
        f"{activity_key} {activity.title}: {changes_text(checkin)} (uppladdning {upload_id})",
        kommun=agreement.kommun,
        at=moment,
    )
    return CheckInResult(checkin=checkin, message=checkin_sentence(checkin))


def _as_stored(con: store.Connection, user: UserAccount | None) -> UserAccount | None:
    """The user's rights as the store holds them now; the machine's own actors (local mode's
    person, the command line: '…@localhost', never in the store) as they are; a user the
    store no longer holds has none."""
    if user is None:
        return None
    stored = fetch_user(con, user.email)
    if stored is not None:
        return stored
    is_machine = user.role is Role.ADMIN and user.email.endswith("@localhost")
    return user if is_machine else None


def _json_value(value: CheckInValue) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def value_text(value: CheckInValue) -> str:
    """A field's value in Swedish: '7 december 2026', 'Genomförd', '–'."""
    if value is None:
        return "–"
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def changes_text(checkin: CheckIn) -> str:
    """'status Pågår → Genomförd, genomförd datum – → 7 december 2026'."""
    return ", ".join(
        f"{CHECKIN_FIELD_LABELS[c.field].lower()} {value_text(c.before)} → {value_text(c.after)}"
        for c in checkin.changes
    )


def checkin_sentence(checkin: CheckIn, *, short: bool = False) -> str:
    """'Sparat: Trygghetsvandringar markerad som genomförd 7 december 2026.' and the rest;
    `short` names the activity by its ID and leaves the day out (a toast on a phone)."""
    status = checkin.change(CheckInField.STATUS)
    done = checkin.change(CheckInField.DONE_ON)
    parts: list[str] = []
    if status is not None and status.after is Status.DONE:
        day = done.after if done is not None and isinstance(done.after, dt.date) else None
        parts.append(
            "markerad som genomförd" + (f" {format_date(day)}" if day and not short else "")
        )
    elif status is not None:
        parts.append(f"status {value_text(status.after)}")
    elif done is not None:
        parts.append(f"genomförd {value_text(done.after)}")
    for change in checkin.changes:
        if change.field in (CheckInField.STATUS, CheckInField.DONE_ON):
            continue
        if change.field is CheckInField.COMMENT:
            parts.append("ny kommentar")
        else:
            label = CHECKIN_FIELD_LABELS[change.field].lower()
            parts.append(f"{label} {value_text(change.after)}")
    return f"Sparat: {checkin.activity_key if short else checkin.title} {', '.join(parts)}."


def version_name(upload: Upload) -> str:
    """What a version of the plan is called beside its time: the file, or 'i appen, av Kim'."""
    return f"i appen, av {upload.uploaded_by}" if upload.is_checkin else upload.file_name


# -- an upload that contradicts a later check-in ---------------------------------------------


def find_conflicts(
    agreement_id: int, activities: Sequence[Activity], checkins: Sequence[CheckIn]
) -> list[CheckInConflict]:
    """Each field a later check-in set that the file's activity says otherwise.

    `checkins` are the agreement's pending ones (store.checkins.fetch_pending_checkins),
    oldest first: the newest check-in of a field is the one that counts. An activity the file
    no longer has is no conflict (the file removes it, as an upload does).
    """
    latest: dict[tuple[str, CheckInField], tuple[CheckIn, FieldChange]] = {}
    for checkin in checkins:
        if checkin.agreement_id != agreement_id:
            continue
        for change in checkin.changes:
            latest[(checkin.activity_key, change.field)] = (checkin, change)
    by_key = {a.activity_key: a for a in activities}
    conflicts: list[CheckInConflict] = []
    order = list(CheckInField)
    for (key, checked_field), (checkin, change) in latest.items():
        activity = by_key.get(key)
        if activity is None:
            continue
        in_file = getattr(activity, checked_field.value)
        if in_file == change.after:
            continue
        conflicts.append(
            CheckInConflict(
                agreement_id=agreement_id,
                activity_key=key,
                title=activity.title,
                field=checked_field,
                file_value=in_file,
                checkin_value=change.after,
                by=checkin.by,
                at=checkin.at,
            )
        )
    conflicts.sort(key=lambda c: (c.activity_key, order.index(c.field)))
    with_status = {c.activity_key for c in conflicts if c.field is CheckInField.STATUS}
    return [
        c.model_copy(update={"chosen_with": CheckInField.STATUS})
        if c.field is CheckInField.DONE_ON and c.activity_key in with_status
        else c
        for c in conflicts
    ]


def conflict_choices(conflicts: Sequence[CheckInConflict]) -> list[CheckInConflict]:
    """One conflict per choice (a done date goes with its status): what a person is asked."""
    return list({c.key: c for c in reversed(conflicts)}.values())[::-1]


def apply_choices(
    activities: list[Activity], conflicts: Sequence[CheckInConflict], file_wins: Collection[str]
) -> list[Activity]:
    """The file's activities with the check-in's value wherever the file does not win.

    `file_wins` holds the conflicts' keys (CheckInConflict.key) where the coordinator chose
    the file; every other conflict keeps the check-in. The list is returned as it came when
    nothing changes (it may hold the import's columns).
    """
    kept: dict[str, dict[str, CheckInValue]] = {}
    for conflict in conflicts:
        if conflict.key in file_wins:
            continue
        update = kept.setdefault(conflict.activity_key, {})
        update[conflict.field.value] = conflict.checkin_value
        text_column = {
            CheckInField.STATUS: "status_text",
            CheckInField.DUE: "due_text",
            CheckInField.ASSESSMENT: "assessment_text",
        }.get(conflict.field)
        if text_column is not None:
            value = conflict.checkin_value
            update[text_column] = (
                value.isoformat() if isinstance(value, dt.date) else _json_value(value)
            )
    if not kept:
        return activities
    return [
        a.model_copy(update=kept[a.activity_key]) if a.activity_key in kept else a
        for a in activities
    ]


def conflict_sentence(conflict: CheckInConflict) -> str:
    """'B4 Trygghetsvandringar (status): filen säger Pågår; Kim Polis satte Genomförd i appen
    3 mars 2027.'"""
    label = CHECKIN_FIELD_LABELS[conflict.field].lower()
    return (
        f"{conflict.activity_key} {conflict.title} ({label}): filen säger "
        f"{value_text(conflict.file_value)}; {conflict.by} satte "
        f"{value_text(conflict.checkin_value)} i appen {format_date(conflict.at.date())}."
    )
