"""Ladda upp's confirm step when the file contradicts a later check-in: each conflict listed
in Swedish with its choice, the check-in kept by default, the file where chosen (AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from samverkan import store
from samverkan.access import LOCAL_ADMIN
from samverkan.checkins import record_checkin
from samverkan.models import Assessment, CheckInRequest, Status
from tests.conftest import make_activity_row, make_plan_workbook
from tests.web.test_app import all_text, assert_no_error
from tests.web.test_upload_page import open_upload_page, page_store, save, upload

__all__ = ["page_store"]

TODAY = dt.date.today()
HEADERS = ("ID", "Fokusområde", "Aktivitet", "Ansvarig", "Slutdatum", "Status", "Bedömning")


def plan(name: str) -> bytes:
    """A1 Pågår and A2 Grön, due in half a year; `name` makes each file's bytes its own."""
    due = TODAY + dt.timedelta(days=180)
    rows = [
        make_activity_row(ID="A1", Aktivitet="Trygghetsvandring", Status="Pågår", Slutdatum=due),
        make_activity_row(ID="A2", Aktivitet="Belysning", Bedömning="Grön", Slutdatum=due),
    ]
    title = [f"Aktivitetsplan {TODAY.year} för Lomma kommun ({name})"]
    return make_plan_workbook(rows, headers=HEADERS, title_rows=[title], sheet=f"Plan {TODAY.year}")


def current(path: Path) -> dict[str, tuple[Status | None, Assessment | None]]:
    with store.open_store(path) as con:
        [agreement] = store.fetch_agreements(con)
        return {
            a.activity_key: (a.status, a.assessment)
            for a in store.fetch_current_activities(con, agreement.id)
        }


def test_the_coordinator_keeps_one_check_in_and_lets_the_file_win_the_other(
    page_store: Path,
) -> None:
    app = open_upload_page()
    upload(app, "plan-1.xlsx", plan("mars"))
    save(app)
    with store.open_store(page_store) as con:
        [agreement] = store.fetch_agreements(con)
        for key, request in (
            ("A1", CheckInRequest(status=Status.DONE)),
            ("A2", CheckInRequest(assessment=Assessment.RED)),
        ):
            done = record_checkin(con, LOCAL_ADMIN, "Kim Polis", agreement.id, key, request)
            assert done.saved, done.problems

    upload(app, "plan-2.xlsx", plan("gammal kopia"))
    assert_no_error(app)
    text = all_text(app).replace("\\", "")  # the page's Markdown escapes ( ) : .
    assert "Filen säger emot incheckningar i appen" in text
    assert (
        "A1 Trygghetsvandring (status): filen säger Pågår; Kim Polis satte Genomförd i appen"
    ) in text
    assert "A2 Belysning (bedömning): filen säger Grön; Kim Polis satte Röd i appen" in text
    choices = [s for s in app.get("button_group") if s.value is not None]
    assert len(choices) == 2  # the done day goes with its status: one row for A1
    assert all(c.value == "Behåll incheckningen" for c in choices)
    # A2: the file's Grön wins; A1 keeps its check-in.
    [a2] = [c for c in choices if str(c.key).endswith(":A2:assessment")]
    a2.set_value("Använd filens värde").run()
    save(app)
    assert "Incheckningar i appen: 1 behölls, 1 fick filens värde." in all_text(app)
    assert current(page_store) == {
        "A1": (Status.DONE, None),
        "A2": (Status.IN_PROGRESS, Assessment.GREEN),
    }
