"""Ej offentlig set in the app (issue 7): the choice in the store, every read and export, the page.

The demo's B4 ("Riktade narkotikakontroller vid Arlövs station", with a medborgarlöfte) is
the planned police operation a coordinator would hide; the file says it is public.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pypdf
import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.citizen_promises import build_citizen_promises, build_promises_html
from samverkan.confidentiality import (
    ConfidentialityRow,
    changed_choices,
    confidentiality_rows,
    describe_changes,
    read_confidentiality,
    summary_sentence,
)
from samverkan.demo import KOMMUN, LPO, demo_workbooks
from samverkan.exports.calendar import build_calendar
from samverkan.importing.pipeline import ImportOptions, import_workbook
from samverkan.metrics import build_quick_check
from samverkan.models import (
    Activity,
    Agreement,
    AgreementDefinition,
    AuditAction,
    ConfidentialMark,
    ReportFormat,
    ReportKind,
)
from samverkan.reports import build_report, report_period
from samverkan.reports.content import build_plan_report
from samverkan.status import build_plan_status
from samverkan.store.agreements import save_agreement_definition
from samverkan.store.audit import fetch_audit_log
from samverkan.store.backup import backup_store
from samverkan.store.confidential import fetch_confidential_marks, save_confidential_marks
from tests.conftest import store_snapshot
from tests.web.test_app import ROOT

KEY = "B4"
TITLE = "Riktade narkotikakontroller vid Arlövs station"
EDITOR_MODE = "Ej offentliga aktiviteter"


@pytest.fixture
def marked(writable_demo_store: Path) -> Path:
    """A copy of the demo store the test may change, which the app also reads."""
    return writable_demo_store


def agreement_id(db: Path) -> int:
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
    assert agreement.id is not None
    return agreement.id


def mark(db: Path, choices: dict[str, bool], actor: str = "Sara Samordnare") -> None:
    with store.open_store(db) as con:
        save_confidential_marks(con, agreement_id(db), choices, actor)


def confidential_keys(activities: list[Activity]) -> set[str]:
    return {a.activity_key for a in activities if a.confidential}


def activity(key: str, confidential: bool) -> Activity:
    return Activity(
        ID=key, Aktivitet=f"Aktivitet {key}", confidential=confidential, sheet="P", row=2
    )


# ---------------------------------------------------------------- the rules


def test_the_app_choice_wins_over_the_file_and_the_file_value_stays_visible() -> None:
    when = dt.datetime(2026, 12, 1, 10, 0)
    marks = {
        "A": ConfidentialMark(activity_key="A", confidential=True, set_by="Sara", set_at=when),
        "B": ConfidentialMark(activity_key="B", confidential=False, set_by="Sara", set_at=when),
    }
    rows = confidentiality_rows(
        [activity("A", False), activity("B", True), activity("C", True)], marks
    )
    assert [(r.activity_key, r.in_file, r.confidential, r.changed_by) for r in rows] == [
        ("A", False, True, "Sara"),
        ("B", True, False, "Sara"),
        ("C", True, True, None),
    ]


def row(key: str, confidential: bool) -> ConfidentialityRow:
    return ConfidentialityRow(key, None, f"Titel {key}", confidential, confidential)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({}, {}),
        ({"A": False, "B": True}, {}),  # as they are already
        ({"A": True}, {"A": True}),
        ({"B": False, "A": True}, {"B": False, "A": True}),
        ({"X": True}, {}),  # not in the plan
    ],
    ids=["nothing", "unchanged", "one-on", "both-ways", "unknown-key"],
)
def test_only_changed_switches_are_saved(
    chosen: dict[str, bool], expected: dict[str, bool]
) -> None:
    assert changed_choices([row("A", False), row("B", True)], chosen) == expected


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"A": True}, "1 aktivitet är nu ej offentlig."),
        ({"A": True, "B": True}, "2 aktiviteter är nu ej offentliga."),
        ({"A": False}, "1 aktivitet är offentlig igen."),
        ({"A": False, "B": False}, "2 aktiviteter är offentliga igen."),
        ({"A": True, "B": True, "C": False},
         "2 aktiviteter är nu ej offentliga och 1 är offentlig igen."),
        ({}, "Inget ändrades."),
    ],
)  # fmt: skip
def test_the_saved_sentence_in_swedish(changes: dict[str, bool], sentence: str) -> None:
    assert summary_sentence(changes) == sentence


def test_the_log_names_each_activity_and_which_way_it_went() -> None:
    rows = [row("A", False), row("B", True)]
    assert describe_changes(rows, {"A": True, "B": False}) == (
        "Ej offentlig: A Titel A. Offentlig igen: B Titel B."
    )


# ---------------------------------------------------------------- the store


def test_a_choice_holds_in_every_plan_read_and_the_file_value_is_kept(marked: Path) -> None:
    mark(marked, {KEY: True})
    with store.open_store(marked) as con:
        agreement = agreement_id(marked)
        assert confidential_keys(store.fetch_current_activities(con, agreement)) == {KEY}
        assert (
            confidential_keys(store.fetch_current_activities(con, agreement, as_in_file=True))
            == set()
        )
        # Earlier uploads too: a report of an earlier quarter leaves it out as well.
        for batch in store.fetch_agreement_batches(con, agreement):
            keys = {a.activity_key for a in store.fetch_batch_activities(con, batch.id)}
            assert confidential_keys(store.fetch_batch_activities(con, batch.id)) == keys & {KEY}
        (b4,) = [r for r in read_confidentiality(con, agreement) if r.activity_key == KEY]
        assert (b4.in_file, b4.confidential, b4.changed_by) == (False, True, "Sara Samordnare")


def test_a_choice_outlives_a_new_upload_until_it_is_changed_in_the_app(marked: Path) -> None:
    mark(marked, {KEY: True})
    name, data, when, who = demo_workbooks(dt.date.today())[-1]
    later = when + dt.timedelta(days=3)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Aktivitetsplan"]
    headers = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[headers.index("ID")].value == KEY:
            cells[headers.index("Kommentar")].value = "Flyttad till vecka 50"
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_workbook(
        buffer.getvalue(), f"ny-{name}", db_path=marked,
        options=ImportOptions(kommun=KOMMUN, lpo=LPO), uploaded_by=who, uploaded_at=later,
    )  # fmt: skip
    assert outcome.summary is not None, [str(i) for i in outcome.report.issues]
    with store.open_store(marked) as con:
        current = store.fetch_current_activities(con, agreement_id(marked))
    assert [a.comment for a in current if a.activity_key == KEY] == ["Flyttad till vecka 50"]
    assert confidential_keys(current) == {KEY}
    mark(marked, {KEY: False}, actor="Ada Admin")
    with store.open_store(marked) as con:
        assert confidential_keys(store.fetch_current_activities(con, agreement_id(marked))) == set()
        assert fetch_confidential_marks(con, agreement_id(marked))[KEY].set_by == "Ada Admin"


def test_a_choice_belongs_to_its_own_agreement(marked: Path) -> None:
    with store.open_store(marked) as con:
        save_confidential_marks(con, agreement_id(marked) + 1, {KEY: True}, "Någon annan")
        assert confidential_keys(store.fetch_current_activities(con, agreement_id(marked))) == set()


def test_a_store_from_before_the_choices_is_brought_up_to_date_when_opened(marked: Path) -> None:
    with store.open_store(marked) as con:
        con.execute("DROP TABLE confidential_mark")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with store.open_store(marked) as con:
        assert len(store.fetch_current_activities(con, agreement_id(marked))) == 24
        assert fetch_confidential_marks(con, agreement_id(marked)) == {}
    mark(marked, {KEY: True})


def test_a_backup_keeps_the_choices(marked: Path, tmp_path: Path) -> None:
    mark(marked, {KEY: True})
    copy = backup_store(tmp_path / "kopia.duckdb", marked)
    with store.open_store(copy) as con:
        assert confidential_keys(store.fetch_current_activities(con, agreement_id(copy))) == {KEY}


# ---------------------------------------------------------------- every export leaves it out


def test_every_export_leaves_an_activity_hidden_in_the_app_out(marked: Path) -> None:
    with store.open_store(marked) as con:
        (agreement,) = store.fetch_agreements(con)
        promise = next(
            a
            for a in store.fetch_current_activities(con, agreement.id or 0)
            if a.activity_key == KEY
        ).citizen_promise
    assert promise

    def exports() -> dict[str, str]:
        with store.open_store(marked) as con:
            status = build_plan_status(con, agreement)
            period = report_period(ReportKind.QUARTER, status.as_of)
            pdf = build_report(con, agreement, period, ReportFormat.PDF, today=status.as_of)
            xlsx = build_report(con, agreement, period, ReportFormat.XLSX, today=status.as_of)
            word = build_report(con, agreement, period, ReportFormat.DOCX, today=status.as_of)
            hidden = build_plan_report(con, agreement, period, status.as_of).hidden
        book = openpyxl.load_workbook(io.BytesIO(xlsx))
        year = status.as_of.year
        promises = build_citizen_promises(status.activities, year)
        return {
            "pdf": _pdf_words(pdf),
            "docx": _package_xml(word),
            "xlsx": " ".join(
                str(c.value) for ws in book for r in ws.iter_rows() for c in r if c.value
            ),
            "promises": build_promises_html(promises, agreement, year, status.as_of),
            "calendar": build_calendar(build_quick_check([status]).shown, name="Test").decode(),
            "hidden": str(hidden),
        }

    before = exports()
    assert TITLE in before["xlsx"]
    assert TITLE in before["calendar"]
    assert promise[:40] in before["promises"]
    mark(marked, {KEY: True})
    after = exports()
    assert int(after["hidden"]) == int(before["hidden"]) + 1
    for name in ("pdf", "xlsx", "docx", "calendar"):
        assert TITLE not in after[name], name
    assert promise[:40] not in after["promises"]


def _pdf_words(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _package_xml(data: bytes) -> str:
    """Every XML part of a Word document, as one text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return " ".join(package.read(n).decode() for n in package.namelist() if ".xml" in n)


# ---------------------------------------------------------------- the page


def open_editor() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/overenskommelse.py").run()
    app.segmented_control(key="overenskommelse_lage").set_value(EDITOR_MODE).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def switch(app: AppTest, changes: dict[int, bool]) -> None:
    editor = app.data_editor[0]
    assert editor.key
    app.session_state[editor.key] = {
        "edited_rows": {i: {"Ej offentlig": v} for i, v in changes.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    next(b for b in app.button if b.label == "Spara").click().run()
    assert not app.exception, [e.value for e in app.exception]


def promise_page_words() -> str:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/medborgarloften.py").run()
    assert not app.exception
    return " ".join(str(m.value) for m in app.markdown)


def test_a_coordinator_hides_an_activity_and_every_page_follows(marked: Path) -> None:
    assert TITLE in promise_page_words()
    app = open_editor()
    table = app.data_editor[0].value
    assert len(table) == 24
    assert list(table.columns) == [
        "ID",
        "Fokusområde",
        "Aktivitet",
        "I filen",
        "Ej offentlig",
        "Ändrad i appen",
    ]
    assert not table["Ej offentlig"].any()
    position = list(table["ID"]).index(KEY)
    switch(app, {position: True})
    assert [s.value for s in app.success] == ["Sparat: 1 aktivitet är nu ej offentlig."]
    with store.open_store(marked) as con:
        marks = fetch_confidential_marks(con, agreement_id(marked))
        entry = fetch_audit_log(con)[0]
    assert {k: m.confidential for k, m in marks.items()} == {KEY: True}
    assert (entry.action, entry.kommun) == (AuditAction.CONFIDENTIALITY, "Burlöv")
    assert entry.detail == f"Ej offentlig: {KEY} {TITLE}."
    # The table starts again from the store: on, with who changed it.
    table = app.data_editor[0].value
    assert bool(table["Ej offentlig"][position]) is True
    assert str(table["Ändrad i appen"][position]).startswith("lokal användare, ")
    assert table["I filen"][position] == "offentlig"
    # Logged in, the activity still shows, marked with a lock; the public promise is gone.
    app.switch_page("pages/fokusomrade.py").run()
    if app.selectbox(key="valt_fokusomrade").value != "Ungdomsbrottslighet och droger":
        app.selectbox(key="valt_fokusomrade").set_value("Ungdomsbrottslighet och droger").run()
    titles = [str(t) for t in app.table[0].value["Aktivitet"]]
    assert f"{TITLE} :material/lock: *ej offentlig*" in [
        t.split(" :material/campaign:")[0] for t in titles
    ]
    others = [t for t in titles if TITLE not in t]
    assert others
    assert not any("ej offentlig" in t for t in others)
    assert TITLE not in promise_page_words()


def test_saving_without_a_change_says_so_and_writes_nothing(marked: Path) -> None:
    app = open_editor()
    before = store_snapshot(marked)
    switch(app, {})
    assert [s.value for s in app.success] == ["Inget ändrades: alla val var redan sparade."]
    assert store_snapshot(marked) == before


def test_taking_it_back_makes_the_activity_public_again(marked: Path) -> None:
    mark(marked, {KEY: True})
    app = open_editor()
    position = list(app.data_editor[0].value["ID"]).index(KEY)
    switch(app, {position: False})
    assert [s.value for s in app.success] == ["Sparat: 1 aktivitet är offentlig igen."]
    with store.open_store(marked) as con:
        assert confidential_keys(store.fetch_current_activities(con, agreement_id(marked))) == set()


def test_before_any_plan_the_page_says_to_upload_one(nothing_store: Path) -> None:
    with store.open_store(nothing_store) as con:
        save_agreement_definition(
            con,
            AgreementDefinition(
                agreement=Agreement(
                    kommun="Lomma",
                    lpo="Kävlinge",
                    period_start=dt.date(2026, 1, 1),
                    period_end=dt.date(2026, 12, 31),
                )
            ),
        )
    app = open_editor()
    assert not app.data_editor
    assert "ingen uppladdad aktivitetsplan" in " ".join(i.value for i in app.info)
