"""Build the national-scale store: 290 kommuner × 4 yearly plans × 70 activities × 8 uploads.

Plus each kommun's safety survey 2019–2025 (six indicators, three areas: 126 values a kommun).
Burlöv is the demo agreement itself (samverkan.demo), so a page shown for Burlöv draws the
same content on this store as on the demo store: bench/page_bench.py compares the two.

Deterministic (a fixed seed), and through the same save path as every import, so the store
looks like years of real use: 1,160 agreements, 9,280 uploads, about 650,000 activity states.

make_national_file writes what a region or the whole country would upload at once: one sheet
with a Kommun column, 70 activities for each of the 290 kommuner (20,300 rows); the import
benchmark (bench/import_bench.py) imports it.

    .venv/bin/python bench/make_national.py [--db bench/national.duckdb] [--kommuner 290]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samverkan import store  # noqa: E402
from samverkan.confidentiality import carry_confidential_marks  # noqa: E402
from samverkan.demo import KOMMUN as DEMO_KOMMUN  # noqa: E402
from samverkan.demo import ensure_demo  # noqa: E402
from samverkan.kommuner import KOMMUNER  # noqa: E402
from samverkan.models import (  # noqa: E402
    Activity,
    Agreement,
    AgreementKind,
    Assessment,
    FocusArea,
    ImportReport,
    ParsedAgreement,
    Party,
    Status,
    SurveyReport,
    SurveyValue,
    Unit,
)

YEARS = (2022, 2023, 2024, 2025)
ACTIVITIES = 70
UPLOADS = 8
FOCUS = ("Ungdomar och droger", "Våld i nära relationer", "Mängdbrott", "Trygghet i centrum")
OWNERS = ("Socialtjänsten", "Kommunpolis", "Fritidsförvaltningen", "Säkerhetssamordnare")
PARTIES = (Party.KOMMUN, Party.POLIS, Party.JOINT, Party.EXTERNAL)


def plan(kommun: str, year: int, upload: int, rng: random.Random) -> ImportReport:
    """One upload of one kommun's yearly plan: statuses advance with each upload."""
    agreement = Agreement(
        kommun=kommun,
        lpo=kommun,
        title=f"Aktivitetsplan {year} – {kommun}",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        kind=AgreementKind.OPERATIVE,
    )
    activities = []
    for number in range(ACTIVITIES):
        due = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(20, 360))
        progress = (upload + 1) / UPLOADS
        status = rng.choices(
            (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.STANDING),
            weights=(progress, 1 - progress / 2, 1 - progress, 0.15),
        )[0]
        activities.append(
            Activity(
                activity_key=f"A{number + 1}",
                focus_area=FOCUS[number % len(FOCUS)],
                title=f"Insats {number + 1} i {kommun}",
                party=PARTIES[number % len(PARTIES)],
                owner=OWNERS[number % len(OWNERS)],
                start=dt.date(year, 1, 1),
                due=due,
                due_text=due.isoformat(),
                status=status,
                status_text=status.value,
                assessment=rng.choice(list(Assessment)),
                sheet="Aktivitetsplan",
                row=number + 2,
            )
        )
    parsed = ParsedAgreement(
        agreement=agreement,
        focus_areas=[FocusArea(number=i + 1, name=n) for i, n in enumerate(FOCUS)],
        activities=activities,
    )
    return ImportReport(file_name=f"{kommun}_{year}_{upload + 1}.xlsx", agreements=[parsed])


SURVEY_YEARS = range(2019, 2026)
SURVEY_INDICATORS = (
    ("Problem med narkotikahandel", Unit.INDEX_0_6),
    ("Problem med personer som är berusade", Unit.INDEX_0_6),
    ("Problem med nedskräpning", Unit.INDEX_0_6),
    ("Andel som känner sig trygga ute sent", Unit.PROCENT),
    ("Andel utsatta för brott", Unit.PROCENT),
    ("Förtroende för polisen", Unit.INDEX_0_6),
)


def survey(kommun: str, rng: random.Random) -> SurveyReport:
    """A kommun's trygghetsmätning over the years, per kommun and two delområden."""
    values = []
    for indicator, unit in SURVEY_INDICATORS:
        for area in (kommun, f"{kommun} centrum", f"{kommun} norra"):
            level = rng.uniform(0.8, 2.5) if unit is Unit.INDEX_0_6 else rng.uniform(10, 80)
            for year in SURVEY_YEARS:
                level *= rng.uniform(0.93, 1.06)
                values.append(
                    SurveyValue(
                        kommun=kommun,
                        area=area,
                        year=year,
                        indicator=indicator,
                        unit=unit,
                        value=round(level, 1),
                        respondents=rng.randrange(150, 900),
                        source="Polisens trygghetsmätning",
                    )
                )
    return SurveyReport(file_name=f"trygghetsmatning_{kommun}.xlsx", values=values)


NATIONAL_HEADERS = (
    "ID", "Kommun", "Fokusområde", "Aktivitet", "Ansvarig part", "Ansvarig", "Start",
    "Slutdatum", "Status", "Bedömning",
)  # fmt: skip
NATIONAL_STATUSES = ("Pågår", "Klar", "Ej påbörjad", "Pågår", "Stående")
NATIONAL_PARTIES = ("Kommun", "Polis", "Gemensam", "Bostadsbolaget")


def make_national_file(kommuner: int = len(KOMMUNER), year: int = 2025) -> bytes:
    """One sheet with a Kommun column: ACTIVITIES rows for each kommun (20,300 for all 290)."""
    import openpyxl  # only the file needs it, not the store

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Aktivitetsplaner {year}")
    sheet.append(list(NATIONAL_HEADERS))
    for kommun in KOMMUNER[:kommuner]:
        for number in range(ACTIVITIES):
            status = NATIONAL_STATUSES[number % len(NATIONAL_STATUSES)]
            sheet.append(
                [
                    f"A{number + 1}",
                    kommun,
                    FOCUS[number % len(FOCUS)],
                    f"Insats {number + 1} i {kommun}",
                    NATIONAL_PARTIES[number % len(NATIONAL_PARTIES)],
                    OWNERS[number % len(OWNERS)],
                    dt.date(year, 1, 1) + dt.timedelta(days=number % 60),
                    "löpande" if status == "Stående" else dt.date(year, 2 + number % 10, 28),
                    status,
                    ("Grön", "Gul", "Röd")[number % 3],
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "national.duckdb")
    parser.add_argument("--kommuner", type=int, default=len(KOMMUNER))
    args = parser.parse_args()
    if args.db.exists():
        print(f"{args.db} finns redan; ta bort den för att bygga om.")
        return
    rng = random.Random(2026)
    started = time.perf_counter()
    ensure_demo(args.db)
    with store.open_store(args.db) as con:
        for index, kommun in enumerate(KOMMUNER[: args.kommuner]):
            if kommun == DEMO_KOMMUN:
                continue
            for year in YEARS:
                for upload in range(UPLOADS):
                    report = plan(kommun, year, upload, rng)
                    when = dt.datetime(year, 1, 15) + dt.timedelta(days=45 * upload)
                    # Distinct bytes per upload: the store keeps each file once by its hash.
                    original = f"{kommun}/{year}/{upload}".encode()
                    store.save_import(
                        con,
                        report,
                        original,
                        uploaded_by="bench",
                        carry_marks=carry_confidential_marks,
                        uploaded_at=when,
                    )
            store.save_survey(
                con,
                survey(kommun, rng),
                f"{kommun}/trygghet".encode(),
                uploaded_by="bench",
                uploaded_at=dt.datetime(2025, 11, 1),
            )
            if index % 20 == 0:
                print(
                    f"{index + 1}/{args.kommuner} kommuner, {time.perf_counter() - started:.0f} s"
                )
        print(store.fetch_table_counts(con))
    print(f"klart på {time.perf_counter() - started:.0f} s: {args.db}")


if __name__ == "__main__":
    main()
