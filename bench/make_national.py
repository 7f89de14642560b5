"""Build the national-scale store: 290 kommuner × 4 yearly plans × 70 activities × 8 uploads.

Deterministic (a fixed seed), and through the same save path as every import, so the store
looks like years of real use: 1,160 agreements, 9,280 uploads, about 650,000 activity states.

    .venv/bin/python bench/make_national.py [--db bench/national.duckdb] [--kommuner 290]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samverkan import store  # noqa: E402
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
    with store.open_store(args.db) as con:
        for index, kommun in enumerate(KOMMUNER[: args.kommuner]):
            for year in YEARS:
                for upload in range(UPLOADS):
                    report = plan(kommun, year, upload, rng)
                    when = dt.datetime(year, 1, 15) + dt.timedelta(days=45 * upload)
                    # Distinct bytes per upload: the store keeps each file once by its hash.
                    original = f"{kommun}/{year}/{upload}".encode()
                    store.save_import(con, report, original, uploaded_by="bench", uploaded_at=when)
            if index % 20 == 0:
                print(
                    f"{index + 1}/{args.kommuner} kommuner, {time.perf_counter() - started:.0f} s"
                )
        print(store.fetch_table_counts(con))
    print(f"klart på {time.perf_counter() - started:.0f} s: {args.db}")


if __name__ == "__main__":
    main()
