"""Historik's "Originalfilen": only for someone who may write for every kommun in the file.

A real two-kommun file (a Kommun column with Lomma and Burlöv rows, Burlöv's ej offentlig)
is stored beside a Lomma-only file. The check is made where the page draws (AppTest) and
again where the bytes are fetched, against the user's rights as the store holds them then.
New names are imported inside the tests that use them, so the page's tests also run (and
fail) against the code before the fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.access import LOCAL_ADMIN
from samverkan.importing.pipeline import import_workbook
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import save_user
from tests.conftest import make_activity_row, make_plan_workbook
from tests.web.test_app import assert_no_error
from tests.web.test_app_access import USERS, buttons, logged_in, served_store  # noqa: F401

SECRET = "Spaningsinsats mot narkotikahandel i Arlöv"
BOTH = UserAccount(
    email="sam@lomma.se", name="Sara Samordnare", role=Role.COORDINATOR,
    kommuner=("Lomma", "Burlöv"),
)  # fmt: skip


def two_kommun_plan() -> bytes:
    """A region's file: a Lomma row, and a Burlöv row marked ej offentlig in the file."""
    year = dt.date.today().year
    rows = [
        make_activity_row(ID="L1", Kommun="Lomma", Aktivitet="Belysning vid Lomma hamn"),
        make_activity_row(ID="B9", Kommun="Burlöv", Aktivitet=SECRET, **{"Ej offentlig": "Ja"}),
    ]
    for row in rows:
        row["Slutdatum"] = dt.date(year, 11, 30)
    return make_plan_workbook(rows, title_rows=[[f"Aktivitetsplan {year}"]])


def lomma_plan() -> bytes:
    year = dt.date.today().year
    row = make_activity_row(ID="L1", Aktivitet="Belysning vid Lomma hamn")
    row["Slutdatum"] = dt.date(year, 11, 30)
    return make_plan_workbook([row], title_rows=[[f"Aktivitetsplan {year} för Lomma kommun"]])


def add_uploads(path: Path) -> tuple[int, int]:
    """The Lomma-only upload, then the two-kommun one; their upload ids."""
    ids = []
    for name, data in (("lomma.xlsx", lomma_plan()), ("region.xlsx", two_kommun_plan())):
        outcome = import_workbook(data, name, db_path=path, uploaded_by="test")
        assert outcome.summary is not None, outcome.report.errors
        ids.append(outcome.summary.upload_id)
    return ids[0], ids[1]


def test_the_store_names_every_kommun_with_rows_in_an_upload(db_path: Path) -> None:
    from samverkan.history import build_upload_history

    lomma, region = add_uploads(db_path)
    with store.open_store(db_path) as con:
        assert store.fetch_upload_kommuner(con, [lomma, region]) == {
            lomma: ["Lomma"],
            region: ["Burlöv", "Lomma"],
        }
        (agreement,) = [a for a in store.fetch_agreements(con) if a.kommun == "Lomma"]
        history = build_upload_history(con, agreement.id or 0)
    assert [e.kommuner for e in history] == [["Lomma"], ["Burlöv", "Lomma"]]


LOMMA = USERS["sam@lomma.se"]


@pytest.mark.parametrize(
    ("user", "upload", "allowed"),
    [
        (LOMMA, "region", False),  # the reproduction: Burlöv's ej offentlig row inside
        (LOMMA, "lomma", True),
        (BOTH, "region", True),
        (USERS["admin@burlov.se"], "region", True),
        (LOCAL_ADMIN, "region", True),
        (USERS["lasare@burlov.se"], "lomma", False),
        (None, "lomma", False),
        # An account the store does not know (removed since the page drew) gets nothing.
        (UserAccount(email="borta@lomma.se", name="B", role=Role.ADMIN), "lomma", False),
    ],
)
def test_the_original_is_fetched_only_for_a_writer_of_every_kommun_in_it(
    db_path: Path, user: UserAccount | None, upload: str, allowed: bool
) -> None:
    from samverkan.history import fetch_original_for

    ids = dict(zip(("lomma", "region"), add_uploads(db_path), strict=True))
    with store.open_store(db_path) as con:
        for account in (*USERS.values(), BOTH.model_copy(update={"email": "bada@lomma.se"})):
            save_user(con, account)
        if user is BOTH:
            save_user(con, BOTH)
        data = fetch_original_for(con, ids[upload], user, "Testaren")
        log = fetch_audit_log(con)
    if allowed:
        assert data is not None
        assert data.startswith(b"PK")  # the workbook as uploaded
        assert not log
    else:
        assert data is None
        assert [(e.action, e.actor, e.detail) for e in log] == [
            (AuditAction.REFUSED, "Testaren", f"Originalfilen för uppladdning {ids[upload]}")
        ]


def test_rights_taken_away_after_the_page_drew_are_read_again(db_path: Path) -> None:
    from samverkan.history import fetch_original_for

    _, region = add_uploads(db_path)
    with store.open_store(db_path) as con:
        save_user(con, BOTH)
        assert fetch_original_for(con, region, BOTH, "Sara") is not None
        save_user(con, LOMMA)  # the admin takes Burlöv away; the page still holds BOTH
        assert fetch_original_for(con, region, BOTH, "Sara") is None


def original_buttons(app: AppTest) -> list[str]:
    """The upload number of each Originalfilen button on the page."""
    return [
        str(b.proto.id).split("original_")[1].split("_")[0]
        for b in app.get("download_button")
        if b.proto.label == "Originalfilen"
    ]


def test_the_lomma_coordinator_is_not_offered_a_file_with_burlov_rows(
    served_store: Path,  # noqa: F811
) -> None:
    lomma, _ = add_uploads(served_store)
    app = logged_in("sam@lomma.se", "pages/historik.py", kommun="Lomma")
    assert_no_error(app)
    assert app.title[0].value == "Historik – Lomma"
    assert original_buttons(app) == [str(lomma)]
    captions = " ".join(c.value for c in app.caption)
    # Burlöv is a kommun she may not see: not named (access.visible_agreements)
    assert "Originalfilen har rader även för andra kommuner, som ditt konto inte får" in captions
    assert "Burlöv" not in captions


@pytest.mark.parametrize("email", ["admin@burlov.se", "sam@lomma.se"])
def test_a_writer_of_both_kommuner_and_the_admin_are_offered_it(
    served_store: Path,  # noqa: F811
    email: str,
) -> None:
    lomma, region = add_uploads(served_store)
    with store.open_store(served_store) as con:
        save_user(con, BOTH)
    app = logged_in(email, "pages/historik.py", kommun="Lomma")
    assert_no_error(app)
    assert sorted(original_buttons(app)) == sorted([str(lomma), str(region)])
    assert not buttons(app, "Originalfilen")  # a download, never a plain button


def test_a_survey_upload_names_each_kommun_with_values_in_it(db_path: Path) -> None:
    from tests.survey_files import make_long_row, make_long_survey

    data = make_long_survey(make_long_row(Kommun="Lomma"), make_long_row(Kommun="Burlöv"))
    outcome = import_workbook(data, "matning.xlsx", db_path=db_path)
    assert outcome.summary is not None
    upload = outcome.summary.upload_id
    with store.open_store(db_path) as con:
        assert store.fetch_upload_kommuner(con, [upload]) == {upload: ["Burlöv", "Lomma"]}
