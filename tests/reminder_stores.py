"""A store whose Burlöv plan has something to remind each owner of, judged today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samverkan import store
from samverkan.cli import main
from samverkan.store.reminders import save_owner_addresses
from tests.conftest import make_activity_row, make_plan_workbook

SECRET_TITLE = "Hemlig insats vid Arlövs station"
SECRET_COMMENT = "Planeras tillsammans med tullen"


def days(n: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=n)


def make_reminder_store(path: Path, tmp_path: Path) -> Path:
    """Burlöv's running plan: late, missing follow-up, due soon, ej offentlig, and a register."""
    rows = [
        make_activity_row(
            ID="L1",
            Aktivitet="Trygghetsvandring i Arlöv",
            Ansvarig="Fritid/UKF",
            Slutdatum=days(-7),
        ),
        make_activity_row(
            ID="F1",
            Aktivitet="Föräldravandring",
            Ansvarig="Fritid/UKF",
            Status="Klar",
            Slutdatum=days(-40),
            **{"Uppföljning senast": days(-6)},
        ),
        make_activity_row(
            ID="U1", Aktivitet="Fritidsgårdens kväll", Ansvarig="Fritid/UKF", Slutdatum=days(10)
        ),
        make_activity_row(
            ID="P1",
            Aktivitet="Narkotikakontroller",
            **{"Ansvarig part": "Polis"},
            Ansvarig="Kommunpolis",
            Slutdatum=days(-3),
        ),
        make_activity_row(
            ID="S1",
            Aktivitet=SECRET_TITLE,
            **{"Ansvarig part": "Polis", "Ej offentlig": "Ja"},
            Ansvarig="Kommunpolis",
            Slutdatum=days(-2),
            Kommentar=SECRET_COMMENT,
        ),
        make_activity_row(
            ID="Q1", Aktivitet="Långt fram", Ansvarig="Socialtjänsten", Slutdatum=days(90)
        ),
    ]
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(make_plan_workbook(rows, sheet=f"Aktivitetsplan {dt.date.today().year}"))
    period = f"{dt.date.today().year - 1}-{dt.date.today().year + 1}"
    code = main(["import", str(plan), "--db", str(path), "--kommun", "Burlöv", "--period", period])
    assert code == 0
    with store.open_store(path) as con:
        save_owner_addresses(
            con,
            "Burlöv",
            {
                "Fritid/UKF": "ukf@burlov.se",
                "Kommunpolis": "kim@polisen.se",
                "Socialtjänsten": "soc@burlov.se",
            },
            "test",
        )
    return path
