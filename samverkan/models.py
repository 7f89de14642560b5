"""Every model and enum of Samverkan: English field names, Swedish words as values and aliases.

Why one module: it is the one vocabulary (docs/STYLE.md, rule 3). Every name a page, the store
or the command line passes around is found here in one guess, and the models refer to each
other; split by concern they would import each other in circles.

Parts:
- enums: Status, Party, Assessment, GoalKind, AgreementKind, Severity, IssueCode, PlanKind
- the agreement: Agreement (StoredAgreement once saved), FocusArea, Goal, AgreementDefinition
- one commitment as imported: Activity (activity_columns: many as columns), and the labels
  of the columns it is read from (FIELD_LABELS, COLUMN_CHOICE_LABELS, COLUMN_READ_AS_LABELS)
- the import's outcome: ImportIssue, ImportReport, ParsedAgreement, ParsedPlan
- what the store keeps about an upload: Upload, ImportBatch, CarryKind, CarriedConfidential,
  ImportSummary
- what pages and the command line show: ActivityView, FocusAreaSummary, PlanStatus
- the safety survey and goals: Unit, Direction, GoalStatus, SurveyValue, SurveyReport,
  GoalAssessment, IndicatorSeries, GoalFollowUp
- the dashboard's views: PlanChanges, ActivityChange, Withdrawal, UploadHistoryEntry, Commitment,
  PartyCommitments, OwnerCommitments, CommitmentGroup, QuickCheck
- Jämförelse: ProgressPoint, AgreementFigures, ComparisonRow
- meetings and what changed since: MeetingBody, Meeting, ChangedActivity, ChangesSince
- reminders by e-mail: OwnerAddress, OwnerSeen, ReminderItem, Reminder, SentReminder
- access: Role, UserAccount, AuditAction, AuditEntry, LoginRefusal
- check-ins (issue 18): CHECKIN_FILE_NAME, CheckInField, CheckInRequest, FieldChange, CheckIn,
  CheckInConflict
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from operator import attrgetter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from samverkan.swedish import format_years


class Status(StrEnum):
    """The status a coordinator reports for an activity."""

    NOT_STARTED = "Ej påbörjad"
    IN_PROGRESS = "Pågår"
    DONE = "Genomförd"
    STANDING = "Stående"
    CANCELLED = "Inställd"


# Shown where a plan has no status column: never done, so late once due.
STATUS_MISSING_LABEL = "Ej angiven"
# What is not planned work, so not in "done of planned": an Inställd activity, and a
# Stående one (ongoing, never done). No status counts as planned.
NOT_PLANNED = (Status.CANCELLED, Status.STANDING)


def is_planned(status: Status | None) -> bool:
    """True when the activity counts in "done of planned" (NOT_PLANNED: what does not)."""
    return status not in NOT_PLANNED


def status_word(status: Status | None) -> str:
    """'Genomförd'; 'Ej angiven' where the plan had no status."""
    return status.value if status else STATUS_MISSING_LABEL


class Party(StrEnum):
    """Who carries a commitment."""

    KOMMUN = "Kommun"
    POLIS = "Polis"
    JOINT = "Gemensam"
    EXTERNAL = "Extern"


class Assessment(StrEnum):
    """The owner's traffic-light judgement (bedömning)."""

    GREEN = "Grön"
    YELLOW = "Gul"
    RED = "Röd"


class GoalKind(StrEnum):
    """BRÅ's three kinds of goal."""

    OUTCOME = "effektmål"
    PROCESS = "processmål"
    OUTPUT = "produktionsmål"


class AgreementKind(StrEnum):
    """A multi-year strategic agreement or a one-year operative plan."""

    STRATEGIC = "strategisk"
    OPERATIVE = "operativ"


class Severity(StrEnum):
    """How serious an import finding is: an error refuses the whole file."""

    ERROR = "fel"
    WARNING = "varning"


class IssueCode(StrEnum):
    """A finding a program acts on (not only shows): the upload page asks for the kommun."""

    KOMMUN_MISSING = "kommun_saknas"
    KOMMUN_UNKNOWN = "okand_kommun"


class PlanKind(StrEnum):
    """What an import batch holds."""

    PLAN = "aktivitetsplan"
    SURVEY = "trygghetsmätning"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")


class Agreement(_Model):
    """A samverkansöverenskommelse between a kommun and a lokalpolisområde."""

    id: int | None = None
    kommun: str = Field(min_length=1, alias="Kommun")
    lpo: str | None = Field(default=None, alias="Lokalpolisområde")
    title: str | None = Field(default=None, alias="Titel")
    period_start: dt.date = Field(alias="Period från")
    period_end: dt.date = Field(alias="Period till")
    kind: AgreementKind = Field(default=AgreementKind.OPERATIVE, alias="Typ")

    @property
    def period_label(self) -> str:
        """'2020–2023', or '2024' for a one-year plan."""
        return format_years(self.period_start.year, self.period_end.year)


class StoredAgreement(Agreement):
    """An agreement as the store returns it: it always has its id (a plan just read has none)."""

    id: int

    # Being stored adds a guarantee, not a difference: equal to the same Agreement (pydantic
    # would tell them apart by class), and hashed alike.
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Agreement):
            return self.model_dump() == other.model_dump()
        return NotImplemented

    __hash__ = Agreement.__hash__


class FocusArea(_Model):
    """A prioritised problem of the agreement (fokusområde)."""

    number: int | None = Field(default=None, alias="Nummer")
    name: str = Field(min_length=1, alias="Fokusområde")
    valid_from: dt.date | None = Field(default=None, alias="Gäller från")
    valid_to: dt.date | None = Field(default=None, alias="Gäller till")


class Goal(_Model):
    """An effekt-, process- or produktionsmål of a focus area."""

    focus_area: str | None = Field(default=None, alias="Fokusområde")
    kind: GoalKind = Field(alias="Måltyp")
    text: str = Field(min_length=1, alias="Mål")
    indicator: str | None = Field(default=None, alias="Indikator")
    baseline_year: int | None = Field(default=None, alias="Basår")
    baseline_value: float | None = Field(default=None, alias="Basvärde")
    target_value: float | None = Field(default=None, alias="Målvärde")
    target_year: int | None = Field(default=None, alias="Målår")
    direction: str | None = Field(default=None, alias="Riktning")


class AgreementDefinition(_Model):
    """An agreement with its focus areas and goals: what the Överenskommelse page edits."""

    agreement: Agreement
    focus_areas: list[FocusArea] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)


class Activity(_Model):
    """One commitment of the plan, as the import understood one row."""

    activity_key: str = Field(min_length=1, alias="ID")
    focus_area: str | None = Field(default=None, alias="Fokusområde")
    title: str = Field(min_length=1, alias="Aktivitet")
    party: Party | None = Field(default=None, alias="Ansvarig part")
    owner: str | None = Field(default=None, alias="Ansvarig")
    working_group: str | None = Field(default=None, alias="Arbetsgrupp")
    start: dt.date | None = Field(default=None, alias="Start")
    due: dt.date | None = Field(default=None, alias="Slutdatum")
    due_text: str | None = None
    done_on: dt.date | None = Field(default=None, alias="Genomförd datum")
    followup_due: dt.date | None = Field(default=None, alias="Uppföljning senast")
    followed_up_on: dt.date | None = Field(default=None, alias="Uppföljd datum")
    status: Status | None = Field(default=None, alias="Status")
    assessment: Assessment | None = Field(default=None, alias="Bedömning")
    citizen_promise: str | None = Field(default=None, alias="Medborgarlöfte")
    confidential: bool = Field(default=False, alias="Ej offentlig")
    comment: str | None = Field(default=None, alias="Kommentar")
    status_text: str | None = None
    party_text: str | None = None
    assessment_text: str | None = None
    extra: dict[str, str] = Field(default_factory=dict)
    sheet: str
    row: int = Field(ge=1)

    @property
    def due_as_written(self) -> str | None:
        """What the plan said about the due date where it says more than the date itself
        ('v. 47 2026', 'löpande'); None where it was the date, or nothing."""
        if self.due_text and self.due and self.due_text == self.due.isoformat():
            return None
        return self.due_text


# What a plan's column can be read as: a field (activity_key … lpo), kept as an extra column
# beside the activity, or not read at all. The Swedish word for a field is its alias above, so
# the upload page, the import and the models use one vocabulary.
EXTRA_COLUMN = "extra"
IGNORED_COLUMN = ""
_COLUMN_FIELDS = (
    (Activity, ("title", "activity_key", "focus_area", "party", "owner", "working_group")),
    (Activity, ("start", "due", "done_on", "followup_due", "followed_up_on", "status")),
    (Activity, ("assessment", "comment", "citizen_promise", "confidential")),
    (Agreement, ("kommun", "lpo")),
)
FIELD_LABELS: dict[str, str] = {
    name: str(model.model_fields[name].alias) for model, names in _COLUMN_FIELDS for name in names
}
# The two choices beside the fields, as the upload page's dropdown offers them ("Läs inte in")
# and as its table of what each header was read as describes them ("(läses inte in)").
COLUMN_CHOICE_LABELS = FIELD_LABELS | {
    EXTRA_COLUMN: "Behåll som extra kolumn",
    IGNORED_COLUMN: "Läs inte in",
}
COLUMN_READ_AS_LABELS = FIELD_LABELS | {
    EXTRA_COLUMN: "Extra kolumn (behålls som den skrevs)",
    IGNORED_COLUMN: "(läses inte in)",
}


def activity_columns(activities: list[Activity]) -> dict[str, list[Any]]:
    """The activities as columns, field by field: how the import sends them and the store
    saves them. One C-level getter per row and a transpose (23 getattr calls a row cost 0.2 s
    for 20,000 rows)."""
    fields = tuple(Activity.model_fields)
    rows = map(attrgetter(*fields), activities)
    transposed = list(zip(*rows, strict=True)) or [()] * len(fields)
    return {name: list(values) for name, values in zip(fields, transposed, strict=True)}


class ConfidentialMark(_Model):
    """A coordinator's choice in the app that an activity is, or is not, ej offentlig.

    It is kept per agreement and activity key beside the uploaded plans, and wins over the
    file's Ej offentlig column in every plan read, until it is changed in the app again.
    """

    activity_key: str = Field(min_length=1, alias="ID")
    confidential: bool = Field(alias="Ej offentlig")
    set_by: str = Field(alias="Ändrad av")
    set_at: dt.datetime = Field(alias="Ändrad")


class ImportIssue(_Model):
    """One finding of the import, pointing at a cell where it can."""

    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    code: IssueCode | None = None

    @property
    def location(self) -> str:
        """'blad "Plan", rad 4, kolumn C' — as much of it as is known."""
        parts = []
        if self.sheet is not None:
            parts.append(f'blad "{self.sheet}"')
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column is not None:
            parts.append(f"kolumn {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ParsedAgreement(_Model):
    """One agreement found in a file, with the activities it holds."""

    agreement: Agreement
    focus_areas: list[FocusArea] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)


class ImportReport(_Model):
    """What an import understood: the agreements and rows it accepts, and every finding."""

    file_name: str
    agreements: list[ParsedAgreement] = Field(default_factory=list)
    issues: list[ImportIssue] = Field(default_factory=list)
    column_mapping: dict[str, dict[str, str]] = Field(default_factory=dict)
    # sheet → header → why it was read as its field ("18 av 20 värden är datum"); a column
    # read by its header alone has no entry.
    column_reasons: dict[str, dict[str, str]] = Field(default_factory=dict)

    @property
    def errors(self) -> list[ImportIssue]:
        """Findings that refuse the file."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[ImportIssue]:
        """Findings that are worth a look but store the file anyway."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def is_accepted(self) -> bool:
        """True when nothing refuses the file and it holds at least one activity."""
        return not self.errors and any(a.activities for a in self.agreements)

    @property
    def activity_count(self) -> int:
        """How many activities the file holds across its agreements."""
        return sum(len(a.activities) for a in self.agreements)


class Upload(_Model):
    """One uploaded file as the store keeps it (without its bytes)."""

    id: int
    file_name: str
    sha256: str
    uploaded_by: str
    uploaded_at: dt.datetime
    size: int

    @property
    def is_checkin(self) -> bool:
        """True for a check-in made in the app (its "file" is the check-in itself)."""
        return self.file_name == CHECKIN_FILE_NAME


class ImportBatch(_Model):
    """The part of an upload that belongs to one agreement."""

    id: int
    upload_id: int
    # None for a survey of a kommun that has no agreement in the store yet.
    agreement_id: int | None
    kind: PlanKind
    rows: int
    warnings: int
    withdrawn: bool = False


class CarryKind(StrEnum):
    """How an ej offentlig choice fared when a new plan was saved (store_confidential)."""

    CARRIED = "carried"  # the same activity under a changed title: the choice follows it
    UNCERTAIN = "uncertain"  # perhaps the same activity: kept ej offentlig until checked
    MISSING = "missing"  # not found in the new plan, which has new activities


class CarriedConfidential(_Model):
    """One ej offentlig choice of the plan before, and the activity of the new plan it went to.

    `activity_key` and `title` are the new plan's activity (None when MISSING).
    """

    kind: CarryKind
    kommun: str
    earlier_key: str
    earlier_title: str
    activity_key: str | None = None
    title: str | None = None


class ImportSummary(_Model):
    """What saving an import did; `confidential` is what became of the ej offentlig choices."""

    upload_id: int
    already_imported: bool = False
    batches: list[ImportBatch] = Field(default_factory=list)
    confidential: list[CarriedConfidential] = Field(default_factory=list)
    # Later check-ins the file contradicted (checkins.find_conflicts), and of them the keys
    # where the file was chosen; every other one kept the check-in's value.
    checkin_conflicts: list[CheckInConflict] = Field(default_factory=list)
    file_won: list[str] = Field(default_factory=list)


class ActivityView(_Model):
    """An activity as judged on a day: the stored state plus what is derived from it."""

    activity: Activity
    overdue: bool
    followup_missing: bool
    days_late: int | None = None


class FocusAreaSummary(_Model):
    """Counts for one focus area on the judging day."""

    name: str
    activities: int
    done: int
    overdue: int
    followup_missing: int
    standing: int
    cancelled: int
    in_progress: int
    not_started: int
    status_missing: int
    progress: float | None = Field(description="Genomförd ÷ (alla − inställda − stående)")
    assessments: dict[str, int] = Field(default_factory=dict)

    @property
    def planned(self) -> int:
        """The activities that count in "done of planned": all but NOT_PLANNED's statuses."""
        return self.activities - self.cancelled - self.standing


class PlanStatus(_Model):
    """The current plan of one agreement judged on `as_of`."""

    as_of: dt.date
    agreement: Agreement
    focus_areas: list[FocusAreaSummary]
    activities: list[ActivityView]
    upload: Upload | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    # Ej offentlig activities left out of `activities` and the counts (the command line's
    # default); 0 where they are shown, as inside the app.
    hidden: int = 0


# -- reports and medborgarlöften (exports for people outside the app) --------------------------


class ReportKind(StrEnum):
    """The quarterly report (for KSAU) and the annual one (for kommunstyrelsen and the LPO)."""

    QUARTER = "kvartal"
    YEAR = "ar"


class ReportFormat(StrEnum):
    """The file a report is written as."""

    PDF = "pdf"
    XLSX = "xlsx"
    DOCX = "docx"


class ReportPeriod(_Model):
    """The quarter or year a report covers, with its Swedish name ("kvartal 3 2026")."""

    kind: ReportKind
    start: dt.date
    end: dt.date
    label: str


class PlanReport(_Model):
    """A report's content: the plan at the period's end without ej offentlig activities."""

    period: ReportPeriod
    status: PlanStatus
    focus_areas: list[FocusArea] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    # None when the period has only one plan (nothing to compare with).
    changes: PlanChanges | None = None
    changes_from: Upload | None = Field(default=None, description="the plan compared with")
    hidden: int = Field(default=0, description="ej offentlig activities left out")
    # Without a plan on the judging day: the day the first plan that counts was uploaded.
    first_plan_on: dt.date | None = None


class PromiseActivity(_Model):
    """One activity of a medborgarlöfte, as the public may read it: its title and state."""

    title: str
    state: str


class CitizenPromise(_Model):
    """A medborgarlöfte and how its activities stand, in plain words fit to publish."""

    text: str
    activities: list[PromiseActivity]
    done: int
    summary: str


# -- the safety survey (trygghetsmätning), key figures and goals -------------------------------


class Unit(StrEnum):
    """What a survey value measures; the words the command line's JSON uses."""

    INDEX_0_6 = "index_0_6"
    PROCENT = "procent"
    PER_100000_INV = "per_100000_inv"
    ANTAL = "antal"


class Direction(StrEnum):
    """Which way an indicator is better."""

    LOWER = "lägre är bättre"
    HIGHER = "högre är bättre"


class GoalStatus(StrEnum):
    """A goal's assessment against its indicator (the rule is in the README)."""

    MET = "uppnått"
    ON_TRACK = "på väg"
    OFF_TRACK = "inte på väg"
    UNKNOWN = "kan inte bedömas"


class SurveyValue(_Model):
    """One value of a survey or key figure: a kommun, area, year and indicator."""

    kommun: str = Field(min_length=1, alias="Kommun")
    area: str = Field(min_length=1, alias="Område")
    year: int = Field(ge=1900, le=2200, alias="År")
    indicator: str = Field(min_length=1, alias="Indikator")
    unit: Unit = Field(alias="Mått")
    value: float | None = Field(default=None, alias="Värde")
    respondents: int | None = Field(default=None, ge=0, alias="Antal svar")
    source: str | None = Field(default=None, alias="Källa")


class SurveyReport(_Model):
    """What a survey import understood: its values and every finding."""

    file_name: str
    values: list[SurveyValue] = Field(default_factory=list)
    issues: list[ImportIssue] = Field(default_factory=list)

    @property
    def errors(self) -> list[ImportIssue]:
        """Findings that refuse the file."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[ImportIssue]:
        """Findings that are worth a look but store the file anyway."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def is_accepted(self) -> bool:
        """True when nothing refuses the file and it holds at least one value."""
        return not self.errors and bool(self.values)

    @property
    def kommuner(self) -> list[str]:
        """The kommuner the values belong to, in the order they first appear."""
        return list(dict.fromkeys(v.kommun for v in self.values))


class GoalAssessment(_Model):
    """How a goal stands against its indicator's values, with the reason in Swedish."""

    goal: Goal
    status: GoalStatus
    reason: str
    direction: Direction | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    slope: float | None = Field(default=None, description="förändring per år (minsta kvadrat)")
    projected_value: float | None = Field(default=None, description="trenden vid målåret")

    @property
    def is_improving(self) -> bool | None:
        """True when the trend goes the better way, False when not, None without a trend."""
        if self.slope is None or self.direction is None:
            return None
        return self.slope < 0 if self.direction is Direction.LOWER else self.slope > 0


class IndicatorSeries(_Model):
    """One indicator's values over the years in every area, and the goals it measures."""

    indicator: str
    unit: Unit
    direction: Direction | None = None
    values: list[SurveyValue] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)


class GoalFollowUp(_Model):
    """An agreement's goals judged against the kommun's survey (Trygghet och mål)."""

    kommun: str
    assessments: list[GoalAssessment] = Field(default_factory=list)
    indicators: list[IndicatorSeries] = Field(default_factory=list)

    @property
    def has_values(self) -> bool:
        """True when the kommun has any survey value at all."""
        return any(series.values for series in self.indicators)

    @property
    def met_or_on_track(self) -> int:
        """How many goals are uppnådda or på väg."""
        return sum(a.status in (GoalStatus.MET, GoalStatus.ON_TRACK) for a in self.assessments)


# -- what the dashboard's pages show beyond the plan's status ----------------------------------


class ActivityChange(_Model):
    """One activity whose status or due date differs between two versions of a plan."""

    activity_key: str
    title: str
    status_before: Status | None = None
    status_after: Status | None = None
    due_before: dt.date | None = None
    due_after: dt.date | None = None


class PlanChanges(_Model):
    """What differs between two versions of a plan, activities matched by `activity_key`."""

    added: list[Activity] = Field(default_factory=list)
    removed: list[Activity] = Field(default_factory=list)
    status_changed: list[ActivityChange] = Field(default_factory=list)
    due_moved: list[ActivityChange] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when the two versions hold the same activities with the same status and dates."""
        return not (self.added or self.removed or self.status_changed or self.due_moved)


class Withdrawal(_Model):
    """An upload withdrawn (or restored): by whom and when; nothing is deleted by it."""

    upload_id: int
    withdrawn: bool
    changed_by: str
    changed_at: dt.datetime


class UploadHistoryEntry(_Model):
    """One upload of an agreement's plan, and what it changed against the plan before it."""

    upload: Upload
    batch: ImportBatch
    done: int
    countable: int
    # What it changed against the plan before it (changes_since.compare_uploads).
    changes: ChangesSince | None = None
    # Who withdrew the upload and when, while it is withdrawn.
    withdrawal: Withdrawal | None = None
    # Every kommun with rows in the upload: who may take its original file out of the app.
    kommuner: list[str] = Field(default_factory=list)
    # A check-in made in the app (issue 18): the activity and what it changed.
    checkin: CheckIn | None = None

    @property
    def progress(self) -> float | None:
        """Genomförd ÷ (alla − inställda − stående) in this version of the plan."""
        return self.done / self.countable if self.countable else None


class SurveyUploadEntry(_Model):
    """One upload of a kommun's survey or key figures: its values' years, and if withdrawn."""

    upload: Upload
    batch: ImportBatch
    first_year: int | None = None
    last_year: int | None = None
    withdrawal: Withdrawal | None = None
    kommuner: list[str] = Field(default_factory=list)


class Commitment(_Model):
    """An activity judged on a day, with the agreement whose plan holds it (Snabbkoll, calendar)."""

    agreement: Agreement
    view: ActivityView
    as_of: dt.date

    @property
    def kommun(self) -> str:
        """The kommun whose plan holds the activity."""
        return self.agreement.kommun


class OwnerCommitments(_Model):
    """One owner's late commitments, most days behind first."""

    owner: str
    commitments: list[ActivityView]


class PartyCommitments(_Model):
    """One party's late commitments, by owner."""

    party: Party | None
    owners: list[OwnerCommitments]

    @property
    def count(self) -> int:
        """How many commitments the party has in the list."""
        return sum(len(o.commitments) for o in self.owners)


class CommitmentGroup(StrEnum):
    """Snabbkoll's groups, in the page's order; the value is the group's anchor on the page."""

    LATE = "forsenat"  # not done, due date passed (never Genomförd)
    FOLLOWUP_MISSING = "uppfoljning-saknas"  # Genomförd, its follow-up date passed
    UPCOMING = "narmaste-dagarna"  # a date to act on within the horizon
    OTHERS = "ovriga"


class QuickCheck(_Model):
    """Snabbkoll: the chosen commitments, late first, then missing follow-ups, then those due
    soon, then the rest, all judged on `as_of` (the day the page says)."""

    as_of: dt.date
    horizon_days: int
    late: list[Commitment] = Field(default_factory=list)
    followup_missing: list[Commitment] = Field(default_factory=list)
    upcoming: list[Commitment] = Field(default_factory=list)
    others: list[Commitment] = Field(default_factory=list)
    # Agreements left out because their period ended before `as_of` (nothing left to do there).
    ended: list[Agreement] = Field(default_factory=list)
    # Ej offentlig commitments left out for a user who may not see them.
    hidden: int = 0

    @property
    def shown(self) -> list[Commitment]:
        """Every commitment the page shows, in its order."""
        return [*self.late, *self.followup_missing, *self.upcoming, *self.others]

    def group(self, group: CommitmentGroup) -> list[Commitment]:
        """The commitments of one group."""
        return {
            CommitmentGroup.LATE: self.late,
            CommitmentGroup.FOLLOWUP_MISSING: self.followup_missing,
            CommitmentGroup.UPCOMING: self.upcoming,
            CommitmentGroup.OTHERS: self.others,
        }[group]


# -- Jämförelse: many agreements side by side ------------------------------------------------


class ProgressPoint(_Model):
    """One upload of an agreement's plan that counts: when, from which file, done of planned."""

    uploaded_at: dt.datetime
    file_name: str
    done: int
    countable: int

    @property
    def progress(self) -> float | None:
        """Genomförd ÷ (alla − inställda − stående) in this version of the plan."""
        return self.done / self.countable if self.countable else None


class AgreementFigures(_Model):
    """What the store holds for one agreement's row on Jämförelse (fetched set-based)."""

    agreement: StoredAgreement
    activities: list[Activity] = Field(default_factory=list)
    upload: Upload | None = None
    goals: list[Goal] = Field(default_factory=list)
    history: list[ProgressPoint] = Field(default_factory=list)


class ComparisonRow(_Model):
    """One agreement on Jämförelse, judged on `as_of` by the rules Översikt uses."""

    agreement: StoredAgreement
    as_of: dt.date
    activities: int = 0
    planned: int = Field(default=0, description="alla − inställda − stående")
    done: int = 0
    progress: float | None = None
    late: int = 0
    late_share: float | None = Field(default=None, description="försenade ÷ planerade")
    followup_missing: int = 0
    goals: int = 0
    goals_met_or_on_track: int = 0
    survey_indicator: str | None = None
    survey_unit: Unit | None = None
    survey_year: int | None = None
    survey_value: float | None = None
    survey_target: float | None = None
    last_upload: dt.datetime | None = None
    days_since_upload: int | None = None
    stale: bool = Field(default=False, description="no plan, or none uploaded in 120 days")
    history: list[ProgressPoint] = Field(default_factory=list)


# -- meetings and what changed since the last one ---------------------------------------------


class MeetingBody(StrEnum):
    """The group that met: the agreement's styrgrupp, its working group, Lokala BRÅ, KSAU."""

    STEERING_GROUP = "styrgrupp"
    WORKING_GROUP = "beredningsgrupp"
    LOCAL_BRA = "Lokala BRÅ"
    KSAU = "KSAU"
    OTHER = "annat"


class Meeting(_Model):
    """One meeting where the agreement was followed up; the note keeps its decisions."""

    id: int  # meetings are made only by the store, which gives each its id
    agreement_id: int
    held_on: dt.date = Field(alias="Datum")
    body: MeetingBody = Field(alias="Organ")
    note: str | None = Field(default=None, alias="Anteckning")


class ChangedActivity(_Model):
    """One activity found in both versions of the plan, as it was and as it is."""

    before: Activity
    after: Activity
    # How often its due date moved across every upload up to the later version.
    due_moves: int = 0

    @property
    def activity_key(self) -> str:
        """The activity's key in the later version."""
        return self.after.activity_key


class ChangesSince(_Model):
    """What changed in an agreement's plan between the state on `since` and on `until`."""

    since: dt.date
    until: dt.date
    before_upload: Upload | None = None
    after_upload: Upload | None = None
    added: list[Activity] = Field(default_factory=list)
    removed: list[Activity] = Field(default_factory=list)
    completed: list[ChangedActivity] = Field(default_factory=list)
    newly_overdue: list[Activity] = Field(default_factory=list)
    due_moved: list[ChangedActivity] = Field(default_factory=list)
    status_changed: list[ChangedActivity] = Field(default_factory=list)
    assessment_changed: list[ChangedActivity] = Field(default_factory=list)
    comment_changed: list[ChangedActivity] = Field(default_factory=list)
    renamed: list[ChangedActivity] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing was added, removed or changed between the two states."""
        return not any(
            (
                self.added,
                self.removed,
                self.completed,
                self.newly_overdue,
                self.due_moved,
                self.status_changed,
                self.assessment_changed,
                self.comment_changed,
                self.renamed,
            )
        )


# -- reminders by e-mail (issue 19): the owners' addresses and what was sent -----------------


class OwnerAddress(_Model):
    """An owner as the kommun's plans write it ("Fritid/UKF") and where their reminders go."""

    kommun: str
    owner: str = Field(min_length=1, alias="Ansvarig")
    email: str = Field(min_length=3, alias="E-post")
    set_by: str | None = None
    set_at: dt.datetime | None = None


class OwnerSeen(_Model):
    """An owner in the register's table: how many commitments the current plan gives them."""

    owner: str
    commitments: int
    email: str | None = None


class ReminderItem(_Model):
    """One commitment in a reminder, listed under the registered owner it was found for."""

    group: CommitmentGroup
    owner: str
    commitment: Commitment


class Reminder(_Model):
    """One e-mail: what one address has to act on in one kommun's plan, judged on `as_of`.

    Ej offentlig items are in `items` too, so they are counted; the e-mail never names them.
    """

    email: str
    kommun: str
    owners: tuple[str, ...]
    as_of: dt.date
    horizon_days: int
    items: tuple[ReminderItem, ...]
    meeting: Meeting | None = None

    def group(self, group: CommitmentGroup) -> list[ReminderItem]:
        """The items of one group, in the order they are listed."""
        return [i for i in self.items if i.group is group]


class SentReminder(_Model):
    """A reminder the mail server accepted: kept so the same one is not sent again in a week."""

    email: str
    kommun: str
    content_sha256: str
    sent_at: dt.datetime
    sent_by: str
    meeting_on: dt.date | None = None


# -- access: roles, users and the audit log (issue 7) -----------------------------------------


class Role(StrEnum):
    """What a user may do: read everything, write for their kommuner, or everything and users."""

    READER = "läsare"
    COORDINATOR = "samordnare"
    ADMIN = "admin"


class UserAccount(_Model):
    """A user the store knows, by e-mail; a local account also has a password hash there."""

    email: str = Field(min_length=3, alias="E-post")
    name: str = Field(alias="Namn")
    role: Role = Field(alias="Roll")
    # The kommuner whose agreements a samordnare may write for; with a party, also the kommuner
    # whose commitments of that party (and the joint ones) the user may check in.
    kommuner: tuple[str, ...] = Field(default=(), alias="Kommuner")
    # A kommunpolis (Polis, LPO Kävlinge) or a kommun's own staff (Kommun, their kommun):
    # they may check in their party's and the joint commitments there (access.may_check_in).
    party: Party | None = Field(default=None, alias="Part")
    lpo: str | None = Field(default=None, alias="Lokalpolisområde")
    has_password: bool = Field(default=False, alias="Lokalt konto")
    created_at: dt.datetime | None = Field(default=None, alias="Skapad")


class AuditAction(StrEnum):
    """What an audit-log entry records."""

    LOGIN = "inloggning"
    LOGIN_FAILED = "misslyckad inloggning"
    LOGOUT = "utloggning"
    UPLOAD = "uppladdning"
    MEETING = "möte"
    MEETING_REMOVED = "möte borttaget"
    WITHDRAWAL = "tillbakadragning"
    RESTORE = "återställning"
    AGREEMENT = "överenskommelse"
    CONFIDENTIALITY = "ej offentlig"
    USER_SAVED = "användare sparad"
    USER_REMOVED = "användare borttagen"
    REFUSED = "nekad ändring"
    OWNER_ADDRESSES = "e-postregister"
    REMINDERS = "påminnelser"
    CHECKIN = "incheckning"


class AuditEntry(_Model):
    """One line of the audit log: who did what, when, for which kommun."""

    at: dt.datetime = Field(alias="Tid")
    actor: str = Field(alias="Vem")
    action: AuditAction = Field(alias="Vad")
    kommun: str | None = Field(default=None, alias="Kommun")
    detail: str = Field(default="", alias="Beskrivning")


class LoginRefusal(StrEnum):
    """Why a login was refused; the value ends the audit log's line for it."""

    NOT_AN_EMAIL = "ingen e-postadress"
    PASSWORD_TOO_LONG = "för långt lösenord"
    LOCKED_OUT = "för många försök"
    WRONG_PASSWORD = "fel e-postadress eller lösenord"
    UNVERIFIED = "e-postadressen är inte bekräftad"
    NO_DOMAINS = "leverantören får inte tala för någon domän"
    FOREIGN_DOMAIN = "leverantören får inte tala för domänen"


# -- check-ins: one activity updated in the app, stored as a version like an upload (issue 18) --

# The upload "file" of a check-in: Historik and Förändringar name the version by it.
CHECKIN_FILE_NAME = "i appen"


class CheckInField(StrEnum):
    """A field of an activity a check-in may change (the Activity field's own name)."""

    STATUS = "status"
    DONE_ON = "done_on"
    DUE = "due"
    ASSESSMENT = "assessment"
    COMMENT = "comment"


CHECKIN_FIELD_LABELS = {
    CheckInField.STATUS: "Status",
    CheckInField.DONE_ON: "Genomförd datum",
    CheckInField.DUE: "Slutdatum",
    CheckInField.ASSESSMENT: "Bedömning",
    CheckInField.COMMENT: "Kommentar",
}

CheckInValue = Status | Assessment | dt.date | str | None


class CheckInRequest(_Model):
    """What someone asks to record for one activity; None leaves a field as it is."""

    status: Status | None = None
    done_on: dt.date | None = None
    due: dt.date | None = None
    reason: str | None = None
    assessment: Assessment | None = None
    comment: str | None = None


class FieldChange(_Model):
    """One field a check-in changed: its value before and after."""

    field: CheckInField
    before: CheckInValue = None
    after: CheckInValue = None


class CheckIn(_Model):
    """A check-in as the store keeps it: one activity's changed fields, by whom and when."""

    upload_id: int
    agreement_id: int
    activity_key: str
    title: str
    changes: list[FieldChange]
    reason: str | None = None
    comment: str | None = None
    by: str
    at: dt.datetime
    withdrawn: bool = False

    def change(self, field: CheckInField) -> FieldChange | None:
        """The change of one field, if the check-in made it."""
        return next((c for c in self.changes if c.field is field), None)


class CheckInConflict(_Model):
    """A file's value that contradicts a later check-in: which one wins is the coordinator's."""

    agreement_id: int
    activity_key: str
    title: str
    field: CheckInField
    file_value: CheckInValue = None
    checkin_value: CheckInValue = None
    by: str
    at: dt.datetime
    # A done date whose status is contradicted too follows the status's choice (one row).
    chosen_with: CheckInField | None = None

    @property
    def key(self) -> str:
        """'3:B4:status': what a choice (and a widget) is known by."""
        field = self.chosen_with or self.field
        return f"{self.agreement_id}:{self.activity_key}:{field.value}"
