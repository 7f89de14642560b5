"""Every model and enum of Samverkan: English field names, Swedish words as values and aliases.

Parts:
- enums: Status, Party, Assessment, GoalKind, AgreementKind, Severity, PlanKind
- the agreement: Agreement, FocusArea, Goal
- one commitment as imported: Activity
- the import's outcome: ImportIssue, ImportReport, ParsedAgreement, ParsedPlan
- what the store keeps about an upload: Upload, ImportBatch, ImportSummary
- what pages and the command line show: ActivityView, FocusAreaSummary, PlanStatus
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    """The status a coordinator reports for an activity."""

    NOT_STARTED = "Ej påbörjad"
    IN_PROGRESS = "Pågår"
    DONE = "Genomförd"
    STANDING = "Stående"
    CANCELLED = "Inställd"


# Shown where a plan has no status column: never done, so late once due.
STATUS_MISSING_LABEL = "Ej angiven"


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
        start, end = self.period_start.year, self.period_end.year
        return str(start) if start == end else f"{start}–{end}"


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


class ImportIssue(_Model):
    """One finding of the import, pointing at a cell where it can."""

    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

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


class ImportBatch(_Model):
    """The part of an upload that belongs to one agreement."""

    id: int
    upload_id: int
    agreement_id: int
    kind: PlanKind
    rows: int
    warnings: int
    withdrawn: bool = False


class ImportSummary(_Model):
    """What saving an import did."""

    upload_id: int
    already_imported: bool = False
    batches: list[ImportBatch] = Field(default_factory=list)


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


class PlanStatus(_Model):
    """The current plan of one agreement judged on `as_of`."""

    as_of: dt.date
    agreement: Agreement
    focus_areas: list[FocusAreaSummary]
    activities: list[ActivityView]
    upload: Upload | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
