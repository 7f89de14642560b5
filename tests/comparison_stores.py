"""Stores with several kommuner for Jämförelse's tests, built through the real import.

`several_kommuner_store` is the demo (Burlöv, LPO Kävlinge) plus this year's plans of Lomma and
Kävlinge in the same LPO, Uppsala in another län, and Bjuv's ended 2024 plan in LPO Kävlinge.
Lomma's plan was uploaded 121 days ago (flagged), Kävlinge's 120 days ago (not flagged).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samverkan.excel.plan import ImportOptions
from samverkan.importing.pipeline import import_workbook
from tests.conftest import make_activity_row, make_plan_workbook

STALE_KOMMUN = "Lomma"  # uploaded 121 days ago
FRESH_KOMMUN = "Kävlinge"  # uploaded 120 days ago
OTHER_LAN_KOMMUN = "Uppsala"
ENDED_KOMMUN = "Bjuv"


def _import(
    db: Path,
    kommun: str,
    lpo: str,
    rows: list[dict[str, object]],
    year: int,
    uploaded_at: dt.datetime | None = None,
    name: str | None = None,
) -> None:
    outcome = import_workbook(
        make_plan_workbook(rows, sheet=f"Aktivitetsplan {year}"),
        name or f"{kommun.lower()}-{year}.xlsx",
        db_path=db,
        options=ImportOptions(kommun=kommun, lpo=lpo),
        uploaded_at=uploaded_at,
    )
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]


def add_several_kommuner(db: Path) -> Path:
    """Add Lomma, Kävlinge, Uppsala (this year) and Bjuv (2024, ended) to the demo store."""
    today = dt.date.today()
    now = dt.datetime.combine(today, dt.time(9, 0))
    lomma = [
        make_activity_row(ID="L1", Aktivitet="Grannsamverkan i Bjärred", Status="Pågår",
                          Slutdatum=today - dt.timedelta(days=20)),
        make_activity_row(ID="L2", Aktivitet="Belysning vid Lomma hamn", Status="Genomförd",
                          Slutdatum=today - dt.timedelta(days=40)),
        make_activity_row(ID="L3", Aktivitet="Trygghetsvandring", Status="Inställd",
                          Slutdatum=today - dt.timedelta(days=40)),
    ]  # fmt: skip
    _import(db, "Lomma", "Kävlinge", lomma[:1], today.year, now - dt.timedelta(days=200), "l0.xlsx")
    _import(db, "Lomma", "Kävlinge", lomma, today.year, now - dt.timedelta(days=121))
    kavlinge = [
        make_activity_row(ID="K1", Aktivitet="Nattvandring i Furulund", Status="Genomförd",
                          Slutdatum=today - dt.timedelta(days=5)),
        make_activity_row(ID="K2", Aktivitet="Kameror vid stationen", Status="Stående",
                          Slutdatum=today - dt.timedelta(days=5)),
    ]  # fmt: skip
    _import(db, "Kävlinge", "Kävlinge", kavlinge, today.year, now - dt.timedelta(days=120))
    uppsala = [
        make_activity_row(ID="U1", Aktivitet="Trygghetsvandring i Gottsunda", Status="Ej påbörjad",
                          Slutdatum=today - dt.timedelta(days=2)),
    ]  # fmt: skip
    _import(db, "Uppsala", "Uppsala", uppsala, today.year, now - dt.timedelta(days=3))
    bjuv = [make_activity_row(ID="J1", Aktivitet="Grannsamverkan i Bjuv", Status="Pågår",
                              Slutdatum=dt.date(2024, 4, 21))]  # fmt: skip
    _import(db, "Bjuv", "Kävlinge", bjuv, 2024, dt.datetime(2024, 3, 1, 9, 0))
    return db


SECOND_PLAN_TITLE = "Ungdomsgård med nattöppet i Arlöv"


def add_second_burlov_agreement(db: Path) -> int:
    """A one-year operative agreement for Burlöv inside the demo's strategic one, with its own
    plan: two agreements of one kommun in force today. Returns the operative one's id."""
    from samverkan import store
    from samverkan.models import Agreement, AgreementDefinition, AgreementKind
    from samverkan.store.agreements import save_agreement_definition

    today = dt.date.today()
    agreement = Agreement(
        kommun="Burlöv",
        lpo="Kävlinge",
        title=f"Operativ handlingsplan {today.year}",
        period_start=dt.date(today.year, 1, 1),
        period_end=dt.date(today.year, 12, 31),
        kind=AgreementKind.OPERATIVE,
    )
    with store.open_store(db) as con:
        operative = save_agreement_definition(con, AgreementDefinition(agreement=agreement))
    rows = [
        make_activity_row(ID="O1", Aktivitet=SECOND_PLAN_TITLE, Status="Pågår",
                          Slutdatum=today + dt.timedelta(days=30)),
    ]  # fmt: skip
    _import(db, "Burlöv", "Kävlinge", rows, today.year, name=f"burlov-operativ-{today.year}.xlsx")
    return operative
