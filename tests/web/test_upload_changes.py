"""One upload's changes, told alike after Spara (Ladda upp), on Historik and on Förändringar:
the same counts under the same words, from changes_since (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.changes_since import CHANGE_KINDS
from tests.conftest import make_activity_row, make_plan_workbook
from tests.web.test_app import all_text, assert_no_error
from tests.web.test_app_changes import counts
from tests.web.test_upload_page import open_upload_page, page_store, save, upload

__all__ = ["page_store"]

TODAY = dt.date.today()
HEADERS = ("ID", "Fokusområde", "Aktivitet", "Ansvarig", "Slutdatum", "Status", "Bedömning")
TITLE = [f"Aktivitetsplan {TODAY.year} för Lomma kommun"]


def plan(status: str, assessment: str, comment: str) -> bytes:
    """Three activities due in half a year: A1's status, A2's bedömning, A3's comment vary."""
    due = TODAY + dt.timedelta(days=180)
    rows = [
        make_activity_row(ID="A1", Aktivitet="Trygghetsvandring", Status=status, Slutdatum=due),
        make_activity_row(ID="A2", Aktivitet="Belysning", Bedömning=assessment, Slutdatum=due),
        make_activity_row(ID="A3", Aktivitet="Nattvandring", Kommentar=comment, Slutdatum=due),
    ]
    return make_plan_workbook(
        rows, headers=(*HEADERS, "Kommentar"), title_rows=[TITLE], sheet=f"Plan {TODAY.year}"
    )


@pytest.mark.usefixtures("page_store")
def test_an_upload_s_changes_are_counted_and_named_alike_everywhere() -> None:
    app = open_upload_page()
    upload(app, "plan-1.xlsx", plan("Ej påbörjad", "Grön", "Start i mars"))
    save(app)
    upload(app, "plan-2.xlsx", plan("Pågår", "Gul", "Flyttad till april"))
    save(app)
    assert_no_error(app)
    expected = "ny status 1, ny bedömning 1, nya kommentarer 1"
    saved = all_text(app)
    assert f"**Lomma:** {expected}." in saved
    assert "**Ny status:** Trygghetsvandring" in saved
    assert "**Ny bedömning:** Belysning" in saved
    assert "**Ändrad kommentar:** Nattvandring" in saved

    app.switch_page("pages/forandringar.py").run()
    assert_no_error(app)
    shown = counts(app)
    assert list(shown) == [label for _, label, _ in CHANGE_KINDS]
    line = ", ".join(f"{label.lower()} {n}" for label, n in shown.items() if n != "0")
    assert line == expected
    changes_page = all_text(app)
    for words in ("**Ny status:** Trygghetsvandring", "**Ny bedömning:** Belysning"):
        assert words in changes_page

    app.switch_page("pages/historik.py").run()
    assert_no_error(app)
    assert any(e.label == f"Ändringar: {expected}" for e in app.expander)
