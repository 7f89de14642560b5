"""The demo agreement: Burlöv and LPO Kävlinge, written as real workbooks and imported.

Why one module: most of its length is the demo's content (the plan's rows in four versions,
the goals, the survey values) written as data beside the few functions that write and import it.

Its dates are set relative to the day it is made, so the demo always shows a live mix: some
activities done, some late, some due soon. Four uploads over the past five months make the
history visible. The workbooks go through the same import as a coordinator's file.

The Police's safety survey for Burlöv 2019–2023 (the whole kommun and the delområde Arlöv) is
written as a long workbook and imported the same way, and the plan's Mål sheet links goals
to its indicators: one met, one on track, two off track and one that cannot be judged.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass

from openpyxl import Workbook

from samverkan import store
from samverkan.excel.plan import ImportOptions
from samverkan.excel.template import build_plan_workbook
from samverkan.importing.pipeline import import_workbook
from samverkan.importing.sandbox import keep_spare_child
from samverkan.models import (
    Activity,
    Agreement,
    AgreementKind,
    Assessment,
    FocusArea,
    Goal,
    GoalKind,
    MeetingBody,
    Party,
    Status,
)
from samverkan.store.meetings import save_meeting

KOMMUN, LPO = "Burlöv", "Kävlinge"
FOCUS_AREAS = (
    "Ungdomsbrottslighet och droger",
    "Våld i nära relationer",
    "Mängdbrott och grannsamverkan",
)
# Days before today of each upload; the last is the current plan.
UPLOAD_OFFSETS = (-150, -90, -35, -6)
_DEMO_USERS = ("Anna Lindqvist", "Anna Lindqvist", "Johan Berg", "Anna Lindqvist")


@dataclass(frozen=True)
class _Seed:
    """One demo activity: offsets in days from today; None where it does not apply."""

    key: str
    area: int
    title: str
    owner: str
    party: Party
    start: int
    due: int | None
    done: int | None = None
    standing: bool = False
    cancelled_at: int | None = None
    first_stage: int = 0
    last_stage: int = 3
    promise: str | None = None
    comment: str | None = None
    due_moved_from: int | None = None
    written_as: str | None = None


_SEEDS = (
    _Seed(
        "B1",
        0,
        "SSPF-möten varannan vecka",
        "Socialtjänsten",
        Party.JOINT,
        -300,
        None,
        standing=True,
    ),
    _Seed(
        "B2",
        0,
        "Drogvaneundersökning åk 9 och gy 2",
        "Folkhälsostrateg",
        Party.KOMMUN,
        -200,
        -60,
        done=-75,
        written_as="week",
    ),
    _Seed(
        "B3",
        0,
        "Föräldravandringar fredagskvällar",
        "Fritidsförvaltningen",
        Party.KOMMUN,
        -180,
        45,
        promise="Vi ska synas där unga är på kvällarna",
    ),
    _Seed(
        "B4",
        0,
        "Riktade narkotikakontroller vid Arlövs station",
        "Kommunpolis",
        Party.POLIS,
        -160,
        -12,
        promise="Vi ska minska den öppna droghandeln vid stationen",
        comment="Två pass återstår",
    ),
    _Seed(
        "B5",
        0,
        "ANDT-utbildning för skolpersonal",
        "Barn- och utbildningsförvaltningen",
        Party.KOMMUN,
        -120,
        20,
        written_as="month",
    ),
    _Seed(
        "B6",
        0,
        "Fältgruppens kvällsarbete under sommarlovet",
        "Socialtjänsten",
        Party.KOMMUN,
        -140,
        -95,
        done=-96,
    ),
    _Seed(
        "B7", 0, "Polisens skolbesök i årskurs 8", "Kommunpolis", Party.POLIS, -100, -25, done=-30
    ),
    _Seed(
        "B8",
        0,
        "Samverkan mot langning till unga",
        "Kommunpolis och alkoholhandläggare",
        Party.JOINT,
        -60,
        75,
        written_as="quarter",
    ),
    _Seed(
        "V1",
        1,
        "FREDA-utbildning för socialsekreterare",
        "Socialtjänsten",
        Party.KOMMUN,
        -150,
        40,
        due_moved_from=-20,
        comment="Utbildare bokad till hösten",
    ),
    _Seed("V2", 1, "Kampanj under Orange Day", "Kommunikationsavdelningen", Party.JOINT, -40, 12),
    _Seed(
        "V3", 1, "Kartläggning av hedersrelaterat våld", "Socialtjänsten", Party.KOMMUN, -210, -40
    ),
    _Seed(
        "V4",
        1,
        "Rutin för skyddsbedömning vid polisanmälan",
        "LPO Kävlinge",
        Party.POLIS,
        -190,
        -110,
        done=-118,
    ),
    _Seed(
        "V5",
        1,
        "Information om våld i nära relationer på vårdcentralen",
        "Region Skåne",
        Party.EXTERNAL,
        -90,
        100,
    ),
    _Seed(
        "V6",
        1,
        "Öppen mottagning för våldsutsatta",
        "Socialtjänsten",
        Party.KOMMUN,
        -365,
        None,
        standing=True,
    ),
    _Seed("V7", 1, "Uppföljning av kontaktförbud", "Kommunpolis", Party.POLIS, -80, -5, done=-8),
    _Seed(
        "M1",
        2,
        "Grannsamverkan i Arlöv och Åkarp",
        "Kommunpolis",
        Party.POLIS,
        -250,
        120,
        promise="Vi ska starta grannsamverkan i fler bostadsområden",
    ),
    _Seed(
        "M2",
        2,
        "Trygghetsvandring med fastighetsägare",
        "Säkerhetssamordnare",
        Party.JOINT,
        -70,
        -18,
        comment="Flyttad pga semestrar",
    ),
    _Seed(
        "M3",
        2,
        "Cykelmärkning vid stationen",
        "Kommunpolis",
        Party.POLIS,
        -50,
        9,
        written_as="week",
    ),
    _Seed(
        "M4",
        2,
        "Belysningsinventering i Burlövs centrum",
        "Tekniska förvaltningen",
        Party.KOMMUN,
        -130,
        -50,
        done=-48,
    ),
    _Seed(
        "M5",
        2,
        "Klottersanering inom 24 timmar",
        "Tekniska förvaltningen",
        Party.KOMMUN,
        -365,
        None,
        standing=True,
    ),
    _Seed(
        "M6",
        2,
        "Trygghetsronder i bostadsområdena",
        "Burlövs Bostäder AB",
        Party.EXTERNAL,
        -100,
        25,
    ),
    _Seed(
        "M7",
        2,
        "EST – veckovis lägesbild",
        "Säkerhetssamordnare och kommunpolis",
        Party.JOINT,
        -365,
        None,
        standing=True,
    ),
    _Seed(
        "M8",
        2,
        "Kameraövervakning vid Burlöv Center – ansökan",
        "Kommunledningskontoret",
        Party.KOMMUN,
        -170,
        -30,
        cancelled_at=2,
        comment="Beslut: ansökan görs inte i år",
    ),
    _Seed(
        "M9",
        2,
        "Inbrottsförebyggande information inför semestern",
        "Kommunpolis",
        Party.POLIS,
        -20,
        150,
        first_stage=2,
    ),
    _Seed(
        "B9",
        0,
        "Pilotprojekt nattvandring med föreningar",
        "Fritidsförvaltningen",
        Party.KOMMUN,
        -200,
        -100,
        last_stage=1,
    ),
)


def demo_agreement(today: dt.date) -> Agreement:
    """A three-year strategic agreement around `today`."""
    return Agreement(
        kommun=KOMMUN,
        lpo=LPO,
        title="Samverkansöverenskommelse mellan Burlövs kommun och lokalpolisområde Kävlinge",
        period_start=dt.date(today.year - 1, 1, 1),
        period_end=dt.date(today.year + 1, 12, 31),
        kind=AgreementKind.STRATEGIC,
    )


def demo_plan(today: dt.date, stage: int) -> list[Activity]:
    """The plan as it stood at upload `stage` (0 oldest … 3 current)."""
    upload_day = today + dt.timedelta(days=UPLOAD_OFFSETS[stage])
    return [
        _activity(seed, today, upload_day, stage, row)
        for row, seed in enumerate(
            (s for s in _SEEDS if s.first_stage <= stage <= s.last_stage), start=2
        )
    ]


def _activity(seed: _Seed, today: dt.date, upload_day: dt.date, stage: int, row: int) -> Activity:
    def day(offset: int | None) -> dt.date | None:
        return None if offset is None else today + dt.timedelta(days=offset)

    due_offset = seed.due_moved_from if seed.due_moved_from is not None and stage < 2 else seed.due
    due = day(due_offset)
    done = day(seed.done)
    status: Status
    if seed.standing:
        status = Status.STANDING
    elif seed.cancelled_at is not None and stage >= seed.cancelled_at:
        status = Status.CANCELLED
    elif done is not None and done <= upload_day:
        status = Status.DONE
    elif (day(seed.start) or upload_day) <= upload_day:
        status = Status.IN_PROGRESS
    else:
        status = Status.NOT_STARTED
    is_done = status is Status.DONE
    late = (
        due is not None and due < upload_day and status in (Status.IN_PROGRESS, Status.NOT_STARTED)
    )
    soon = due is not None and not late and (due - upload_day).days <= 30
    assessment = (
        Assessment.RED if late else Assessment.YELLOW if soon and not is_done else Assessment.GREEN
    )
    followup = done + dt.timedelta(days=45) if is_done and done else None
    followed = followup if followup and followup <= upload_day and seed.key != "V4" else None
    return Activity(
        activity_key=seed.key,
        focus_area=FOCUS_AREAS[seed.area],
        title=seed.title,
        party=seed.party,
        owner=seed.owner,
        start=day(seed.start),
        due=due,
        due_text=_written(due, seed) if due is not None else ("löpande" if seed.standing else None),
        done_on=done if is_done else None,
        followup_due=followup,
        followed_up_on=followed,
        status=status,
        assessment=None if status is Status.CANCELLED else assessment,
        citizen_promise=seed.promise,
        comment=seed.comment,
        sheet="Aktivitetsplan",
        row=row,
    )


def _written(due: dt.date, seed: _Seed) -> str:
    """Some due dates as coordinators write them: a week or a quarter rather than a day."""
    if seed.written_as == "week":
        year, week, _ = due.isocalendar()
        return f"v. {week} {year}"
    if seed.written_as == "quarter":
        return f"Q{(due.month - 1) // 3 + 1} {due.year}"
    if seed.written_as == "month":
        return f"{_MONTHS[due.month - 1]} {due.year}"
    return due.isoformat()


_MONTHS = ("jan", "feb", "mars", "april", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec")


def demo_workbooks(today: dt.date) -> list[tuple[str, bytes, dt.datetime, str]]:
    """(file name, bytes, uploaded at, uploaded by) for each demo upload, oldest first."""
    agreement = demo_agreement(today)
    areas = [FocusArea(number=i + 1, name=name) for i, name in enumerate(FOCUS_AREAS)]
    books = []
    for stage, offset in enumerate(UPLOAD_OFFSETS):
        when = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(9, 30))
        activities = [_as_written(a) for a in demo_plan(today, stage)]
        data = build_plan_workbook(agreement, areas, demo_goals(agreement), activities)
        name = f"Aktivitetsplan Burlöv {when:%Y-%m-%d}.xlsx"
        books.append((name, data, when, _DEMO_USERS[stage]))
    return books


def _as_written(activity: Activity) -> Activity:
    """Write week, month and quarter notations as text, the way the coordinator typed them."""
    text = activity.due_text
    if activity.due is not None and text and text != activity.due.isoformat():
        return activity.model_copy(update={"due": None})
    return activity


def ensure_demo(
    db_path: str | os.PathLike[str] | None = None, today: dt.date | None = None
) -> bool:
    """Fill an empty store with the demo agreement; False when the store already holds data.

    One process at a time (store.one_at_a_time): two app servers started together on one
    empty PostgreSQL store fill it once between them.
    """
    with store.one_at_a_time(db_path, "demo"):
        return _fill_demo(db_path, today)


def _fill_demo(db_path: str | os.PathLike[str] | None, today: dt.date | None) -> bool:
    with store.open_store(db_path) as con:
        if store.fetch_agreements(con):
            return False
    day = today or dt.date.today()
    keep_spare_child()  # each demo file's child process is started while the last is read
    for name, data, when, who in demo_workbooks(day):
        outcome = import_workbook(
            data,
            name,
            db_path=db_path,
            options=ImportOptions(kommun=KOMMUN, lpo=LPO),
            uploaded_by=who,
            uploaded_at=when,
        )
        if outcome.summary is None:
            problems = "; ".join(str(i) for i in outcome.report.errors)
            raise RuntimeError(f"The demo workbook {name} was refused: {problems}")
    when = dt.datetime.combine(day + dt.timedelta(days=UPLOAD_OFFSETS[1] - 5), dt.time(14, 10))
    outcome = import_workbook(
        demo_survey_workbook(),
        SURVEY_FILE_NAME,
        db_path=db_path,
        options=ImportOptions(kommun=KOMMUN),
        uploaded_by=_DEMO_USERS[0],
        uploaded_at=when,
    )
    if outcome.summary is None or outcome.survey is None:
        problems = "; ".join(str(i) for i in outcome.report.errors)
        raise RuntimeError(f"The demo survey was not imported as a survey: {problems}")
    _save_demo_meeting(db_path, day)
    return True


# The styrgrupp met between the second and third uploads, so "since the last meeting" shows
# a quarter's changes.
MEETING_OFFSET = -40
MEETING_NOTE = "Beslut: kameraansökan vid Burlöv Center utgår i år; FREDA-utbildningen flyttas."


def _save_demo_meeting(db_path: str | os.PathLike[str] | None, day: dt.date) -> None:
    held_on = day + dt.timedelta(days=MEETING_OFFSET)
    with store.open_store(db_path) as con:
        [agreement] = store.fetch_agreements(con)
        save_meeting(con, agreement.id, held_on, MeetingBody.STEERING_GROUP, MEETING_NOTE)


# -- the safety survey and the goals linked to it ---------------------------------------------

SURVEY_FILE_NAME = "Trygghetsmätning Burlöv 2019–2023.xlsx"
SURVEY_YEARS = (2019, 2020, 2021, 2022, 2023)
SURVEY_HEADERS = ("År", "Kommun", "Område", "Indikator", "Mått", "Värde", "Antal svar")
SURVEY_AREAS = ("Hela kommunen", "Arlöv")
# indicator → (Mått, values per area in SURVEY_AREAS order, one per year; None = not asked).
SURVEY_SERIES: dict[str, tuple[str, tuple[tuple[float | None, ...], ...]]] = {
    "Totalindex": (
        "Index 0–6",
        ((1.92, 1.88, 1.84, 1.83, 1.79), (2.21, 2.18, 2.10, 2.12, 2.05)),
    ),
    "Öppen narkotikahandel": (
        "Index 0–6",
        ((2.45, 2.38, 2.30, 2.21, 2.12), (2.95, 2.90, 2.71, 2.58, 2.44)),
    ),
    "Trygg ute sent en kväll": (
        "Andel %",
        ((58.0, 58.6, 57.9, 59.1, 59.4), (52.3, 53.0, 51.8, 53.5, 54.1)),
    ),
    "Polisen bryr sig om lokala problem": (
        "Andel %",
        ((44.0, 43.1, 42.5, 41.8, 42.2), (None, 40.2, 39.5, 39.9, 40.3)),
    ),
}
SURVEY_RESPONDENTS = ((1182, 1154, 1120, 1098, 1065), (402, 395, 381, 377, 364))


def demo_survey_workbook() -> bytes:
    """The survey as a coordinator types it from the Police's report: one row per value."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Trygghetsmätning"
    ws.append(list(SURVEY_HEADERS))
    for y, year in enumerate(SURVEY_YEARS):
        for a, area in enumerate(SURVEY_AREAS):
            for indicator, (measure, series) in SURVEY_SERIES.items():
                value = series[a][y]
                written = "–" if value is None else value
                ws.append(
                    [year, KOMMUN, area, indicator, measure, written, SURVEY_RESPONDENTS[a][y]]
                )
    ws.append([])
    ws.append(["Källa: Polisen, trygghetsmätning Region Syd (demodata)"])
    for column, width in zip("ABCDEFG", (8, 10, 16, 36, 12, 9, 11), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def demo_goals(agreement: Agreement) -> list[Goal]:
    """The agreement's goals; the outcome goals measured by the survey, by its last year."""
    end = agreement.period_end.year

    def outcome(area: int, text: str, indicator: str, baseline: float, target: float) -> Goal:
        return Goal(
            focus_area=FOCUS_AREAS[area],
            kind=GoalKind.OUTCOME,
            text=text,
            indicator=indicator,
            baseline_year=SURVEY_YEARS[0],
            baseline_value=baseline,
            target_value=target,
            target_year=end,
        )

    return [
        outcome(
            0,
            "Den öppna narkotikahandeln ska upplevas som ett mindre problem",
            "Öppen narkotikahandel",
            2.45,
            2.0,
        ),
        Goal(
            focus_area=FOCUS_AREAS[1],
            kind=GoalKind.PROCESS,
            text="All personal inom socialtjänstens vuxenenhet ska ha gått FREDA-utbildningen",
        ),
        outcome(
            2,
            "Fler ska känna sig trygga ute sent en kväll",
            "Trygg ute sent en kväll",
            58.0,
            65.0,
        ),
        outcome(2, "Problemen i bostadsområdena ska minska", "Totalindex", 1.92, 1.80),
        outcome(
            2,
            "Fler ska uppleva att polisen bryr sig om lokala problem",
            "Polisen bryr sig om lokala problem",
            44.0,
            50.0,
        ),
    ]
