"""What a report says: the plan as it stood on the judging day, and what changed over the period.

Ej offentlig activities are taken out here, before anything is counted, so no export built
from a PlanReport can show them (only how many were left out).

The changes over the period go through `plan_changes_over`, the one place to switch when the
meetings' "changes since" logic replaces today's upload-to-upload comparison.

Parts: build_plan_report and the plan on a day; then the report's words, section by section
(title, summary, tables, changes, about), written once here so the PDF (pdf.py) and the Word
document (word.py) say the same thing.
"""

from __future__ import annotations

import datetime as dt

from samverkan import store
from samverkan.changes_since import compare_plans
from samverkan.glossary import DUE, FOLLOWUP_MISSING
from samverkan.metrics import (
    NO_OWNER,
    days_behind,
    group_late_commitments,
    judge_activity,
    judging_day,
    summarize_focus_areas,
)
from samverkan.models import (
    Activity,
    PlanChanges,
    PlanReport,
    PlanStatus,
    ReportKind,
    ReportPeriod,
    Status,
    StoredAgreement,
    Upload,
    status_word,
)
from samverkan.swedish import format_count, format_date, format_percent

TITLES = {ReportKind.QUARTER: "Kvartalsrapport", ReportKind.YEAR: "Årsrapport"}
READERS = {
    ReportKind.QUARTER: "Till kommunstyrelsens arbetsutskott (KSAU)",
    ReportKind.YEAR: "Till kommunstyrelsen och lokalpolisområdets chef",
}
# A table as a report shows it: its header row, then its rows, every cell text.
Table = tuple[tuple[str, ...], list[tuple[str, ...]]]
FOCUS_AREA_HEADER = (
    "Fokusområde", "Aktiviteter", "Genomförda", "Försenade", FOLLOWUP_MISSING, "Genomfört",
)  # fmt: skip
LATE_HEADER = ("Aktivitet", "Part", "Ansvarig", DUE, "Dagar efter")
NOTHING_LATE = "Inget är försenat och ingen uppföljning saknas."


def build_plan_report(
    con: store.Connection, agreement: StoredAgreement, period: ReportPeriod, as_of: dt.date
) -> PlanReport:
    """The report of `period` judged on `as_of` (at most the period's and agreement's end)."""
    day = judging_day(agreement, min(as_of, period.end))
    state = plan_at(con, agreement.id, day)
    upload, activities = state if state else (None, [])
    public = public_activities(activities)
    focus_areas = store.fetch_focus_areas(con, agreement.id)
    views = [judge_activity(a, day) for a in public]
    status = PlanStatus(
        as_of=day,
        agreement=agreement,
        focus_areas=summarize_focus_areas(views, focus_areas),
        activities=views,
        upload=upload,
    )
    compared = plan_changes_over(con, agreement.id, period.start, day)
    return PlanReport(
        period=period,
        status=status,
        focus_areas=focus_areas,
        goals=store.fetch_goals(con, agreement.id),
        changes=compared[1] if compared else None,
        changes_from=compared[0] if compared else None,
        hidden=len(activities) - len(public),
        first_plan_on=None if state else first_plan_day(con, agreement.id),
    )


def first_plan_day(con: store.Connection, agreement_id: int) -> dt.date | None:
    """The day the agreement's first plan that counts (not withdrawn) was uploaded."""
    uploads = {u.id: u for u in store.fetch_uploads(con, agreement_id)}
    days = [
        uploads[b.upload_id].uploaded_at.date()
        for b in store.fetch_agreement_batches(con, agreement_id)
        if not b.withdrawn
    ]
    return min(days, default=None)


def public_activities(activities: list[Activity]) -> list[Activity]:
    """The activities that may leave the app: every one not marked ej offentlig."""
    return [a for a in activities if not a.confidential]


def plan_at(
    con: store.Connection, agreement_id: int, day: dt.date, *, first_from: dt.date | None = None
) -> tuple[Upload, list[Activity]] | None:
    """The plan as it stood on `day`: the newest upload that counts made on or before it.

    With `first_from`, the oldest such upload made on or after that day instead.
    """
    uploads = {u.id: u for u in store.fetch_uploads(con, agreement_id)}
    chosen = None
    for batch in store.fetch_agreement_batches(con, agreement_id):  # oldest first
        upload = uploads[batch.upload_id]
        made = upload.uploaded_at.date()
        if batch.withdrawn or made > day or (first_from is not None and made < first_from):
            continue
        chosen = (upload, batch.id)
        if first_from is not None:
            break
    if chosen is None:
        return None
    return chosen[0], store.fetch_batch_activities(con, chosen[1])


def plan_changes_over(
    con: store.Connection, agreement_id: int, since: dt.date, until: dt.date
) -> tuple[Upload, PlanChanges] | None:
    """What changed in the public plan over the period, and the upload it was compared with.

    The plan that stood when the period began is compared with the plan on `until`; where
    the plan came during the period, its first upload then is. None for a single plan.
    """
    before = plan_at(con, agreement_id, since - dt.timedelta(days=1))
    if before is None:
        before = plan_at(con, agreement_id, until, first_from=since)
    after = plan_at(con, agreement_id, until)
    if (
        before is None
        or after is None
        or (before[0].uploaded_at.date() >= since and before[0].id == after[0].id)
    ):
        return None
    # An activity marked ej offentlig now is left out of both sides, not shown as removed.
    hidden = {a.activity_key for a in after[1] if a.confidential}
    earlier = [a for a in public_activities(before[1]) if a.activity_key not in hidden]
    return before[0], compare_plans(earlier, public_activities(after[1]))


def missing_plan_text(first_plan_on: dt.date | None, day: dt.date) -> str | None:
    """Why a report judged on `day` has no plan to show, in a sentence; None when it has one."""
    if first_plan_on is None:
        return "Överenskommelsen har ingen aktivitetsplan inläst ännu, så rapporten blir tom."
    if first_plan_on <= day:
        return None
    return (
        f"Den första aktivitetsplanen laddades upp {format_date(first_plan_on)}, efter "
        f"{format_date(day)} som rapporten bedöms på, så rapporten blir tom. Välj en senare "
        "period, eller läs in planen som den såg ut då med sitt datum: "
        "`samverkan import FIL --uploaded-at ÅÅÅÅ-MM-DD`."
    )


# ---------------------------------------------------------------- the report's words


def report_title(report: PlanReport) -> str:
    """'Kvartalsrapport, kvartal 4 2026' or 'Årsrapport 2026'."""
    period = report.period
    if period.kind is ReportKind.YEAR:
        return f"{TITLES[period.kind]} {period.start.year}"
    return f"{TITLES[period.kind]}, {period.label}"


def title_lines(report: PlanReport) -> list[str]:
    """Under the title: the agreement, who the report is for, the period and its judging day."""
    agreement = report.status.agreement
    lpo = f" och lokalpolisområde {agreement.lpo}" if agreement.lpo else ""
    period = report.period
    return [
        f"Samverkansöverenskommelse {agreement.period_label}: {agreement.kommun}{lpo}",
        READERS[period.kind],
        f"Perioden {format_date(period.start)} – {format_date(period.end)}, "
        f"läget bedömt {format_date(report.status.as_of)}.",
    ]


def summary_paragraphs(report: PlanReport) -> list[str]:
    """'Läget i korthet': the figures, and what they leave out; or why there is no plan."""
    status = report.status
    if not status.activities:
        first = report.first_plan_on
        return [
            "Det fanns ingen aktivitetsplan att redovisa för perioden"
            + (
                f": den första laddades upp {format_date(first)}, efter periodens slut."
                if first is not None and first > status.as_of
                else "."
            )
        ]
    views = status.activities
    done = sum(v.activity.status is Status.DONE for v in views)
    countable = sum(v.activity.status not in (Status.CANCELLED, Status.STANDING) for v in views)
    late = sum(v.overdue for v in views)
    followup = sum(v.followup_missing for v in views)
    share = done / countable if countable else None
    figures = (
        f"Planen har {format_count(len(views), 'aktivitet', 'aktiviteter')} i "
        f"{format_count(len(status.focus_areas), 'fokusområde', 'fokusområden')}. "
        f"{format_count(done, 'är genomförd', 'är genomförda')} av {countable} som ska bli klara "
        f"({format_percent(share)}). "
        f"{format_count(late, 'är försenad', 'är försenade')} och "
        f"{format_count(followup, 'saknar', 'saknar')} uppföljning."
    )
    return [figures, confidential_note(report.hidden)] if report.hidden else [figures]


def confidential_note(hidden: int) -> str:
    """Up front, beside the figures: what they leave out, and why the app's figures differ."""
    marked = format_count(hidden, "aktivitet är märkt", "aktiviteter är märkta")
    more = format_count(hidden, "aktivitet", "aktiviteter")
    them = "den" if hidden == 1 else "dem"
    return (
        f"{marked} ej offentlig och är inte med i rapporten, varken i listorna eller i "
        f"siffrorna. Appens översikt, som bara inloggade ser, räknar med {them}: där har samma "
        f"plan {more} fler, och andelen genomförda kan skilja sig."
    )


def focus_area_table(report: PlanReport) -> Table:
    """'Per fokusområde': the counts of each and the share done."""
    rows: list[tuple[str, ...]] = [
        (
            *(str(c) for c in (fa.name, fa.activities, fa.done, fa.overdue, fa.followup_missing)),
            format_percent(fa.progress),
        )
        for fa in report.status.focus_areas
    ]
    return FOCUS_AREA_HEADER, rows


def status_chart_text(report: PlanReport) -> str:
    """The status chart in words, for a reader who cannot see it (a document's alt text)."""
    parts = []
    for fa in report.status.focus_areas:
        counts = [
            (Status.DONE, fa.done), (Status.IN_PROGRESS, fa.in_progress),
            (Status.NOT_STARTED, fa.not_started), (None, fa.status_missing),
            (Status.STANDING, fa.standing), (Status.CANCELLED, fa.cancelled),
        ]  # fmt: skip
        said = ", ".join(f"{status_word(s).lower()} {n}" for s, n in counts if n)
        total = format_count(fa.activities, "aktivitet", "aktiviteter")
        parts.append(f"{fa.name} ({total}): {said or 'inga'}.")
    return "Stapeldiagram över aktiviteternas status per fokusområde. " + " ".join(parts)


def late_table(report: PlanReport) -> Table:
    """'Försenade åtaganden': every late activity and missing follow-up, by party and owner."""
    status = report.status
    rows: list[tuple[str, ...]] = []
    for group in group_late_commitments(status):
        party = group.party.value if group.party else "Ej angiven"
        for owner in group.owners:
            for view in owner.commitments:
                activity = view.activity
                due = activity.due_as_written or format_date(activity.due)
                if not view.overdue:
                    due = FOLLOWUP_MISSING
                behind = str(days_behind(view, status.as_of))
                rows.append((activity.title, party, owner.owner or NO_OWNER, due, behind))
    return LATE_HEADER, rows


def changes_paragraphs(report: PlanReport) -> list[str]:
    """'Förändringar under perioden': what the plan is compared with, and how much changed."""
    changes, compared = report.changes, report.changes_from
    if changes is None or compared is None:
        return ["Planen har bara en version under perioden; det finns inget att jämföra med."]
    when = format_date(compared.uploaded_at.date())
    if compared.uploaded_at.date() < report.period.start:
        said = [f"Jämfört med planen som gällde när perioden började (uppladdad {when})."]
    else:
        said = [f"Jämfört med periodens första plan, uppladdad {when}."]
    if changes.is_empty:
        return [*said, "Inga aktiviteter tillkom eller togs bort, och ingen status eller inget "
                "slutdatum ändrades under perioden."]  # fmt: skip
    return [
        *said,
        f"{format_count(len(changes.added), 'ny aktivitet', 'nya aktiviteter')}, "
        f"{format_count(len(changes.removed), 'borttagen', 'borttagna')}, "
        f"{format_count(len(changes.status_changed), 'ändrad status', 'ändrade status')}, "
        f"{format_count(len(changes.due_moved), 'flyttat slutdatum', 'flyttade slutdatum')}.",
    ]


def change_tables(report: PlanReport) -> list[tuple[str, Table]]:
    """The period's changes as tables, each with a caption: new and removed, status, due date."""
    changes = report.changes
    if changes is None or report.changes_from is None:
        return []
    tables: list[tuple[str, Table]] = []
    if changes.added or changes.removed:
        rows: list[tuple[str, ...]] = [("Ny", a.title) for a in changes.added]
        rows += [("Borttagen", a.title) for a in changes.removed]
        tables.append(("Nya och borttagna aktiviteter", (("Ändring", "Aktivitet"), rows)))
    if changes.status_changed:
        status_rows: list[tuple[str, ...]] = [
            (c.title, status_word(c.status_before), status_word(c.status_after))
            for c in changes.status_changed
        ]
        header = ("Aktivitet", "Status före", "Status nu")
        tables.append(("Ändrad status", (header, status_rows)))
    if changes.due_moved:
        due_rows: list[tuple[str, ...]] = [
            (c.title, format_date(c.due_before), format_date(c.due_after))
            for c in changes.due_moved
        ]
        header = ("Aktivitet", f"{DUE} före", f"{DUE} nu")
        tables.append(("Flyttat slutdatum", (header, due_rows)))
    return tables


def about_paragraphs(report: PlanReport) -> list[str]:
    """'Om uppgifterna': which upload the figures come from, and what the words mean."""
    upload = report.status.upload
    lines = []
    if upload is not None:
        lines.append(
            f"Uppgifterna kommer från aktivitetsplanen som laddades upp "
            f"{format_date(upload.uploaded_at.date())} ({upload.file_name})."
        )
    lines.append(
        "Försenad betyder att slutdatum har passerat utan att aktiviteten är genomförd, "
        "stående eller inställd. Genomfört räknas av de aktiviteter som ska bli klara "
        "(stående och inställda räknas inte)."
    )
    return lines
