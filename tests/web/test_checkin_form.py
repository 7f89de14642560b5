"""The check-in form as scripts (AppTest): who sees "Checka in" on which card, the dialog, and
a forged session state value that opens nothing and saves nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.accounts import hash_password
from samverkan.demo import LPO
from samverkan.models import Party, Role, UserAccount
from samverkan.store.users import save_user
from samverkan.web.checkin import _OPEN_KEY
from tests.conftest import store_snapshot
from tests.web.test_app import ROOT, assert_no_error
from tests.web.test_app_access import PASSWORD, log_in

KIM = UserAccount(
    email="kim@polisen.se", name="Kim Polis", role=Role.READER, party=Party.POLIS, lpo=LPO
)
MALMO_POLIS = UserAccount(
    email="mo@polisen.se", name="Mo Polis", role=Role.READER, party=Party.POLIS, lpo="Malmö Norr"
)
READER = UserAccount(email="las@burlov.se", name="Lars Läsare", role=Role.READER)
QUICK = {"kommun": "Burlöv"}  # every party's commitments


@pytest.fixture
def served_store(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "served.duckdb"
    shutil.copy(demo_file, path)
    with store.open_store(path) as con:
        for user in (KIM, MALMO_POLIS, READER):
            save_user(con, user, hash_password(PASSWORD))
        admin = UserAccount(email="ada@burlov.se", name="Ada", role=Role.ADMIN)
        save_user(con, admin, hash_password(PASSWORD))
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return path


def quick_check(email: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in QUICK.items():
        app.query_params[name] = value
    app.run()
    app.switch_page("pages/snabbkoll.py").run()
    log_in(app, email, PASSWORD)
    assert_no_error(app)
    return app


def checkin_keys(app: AppTest) -> set[str]:
    """The activities whose card offers "Checka in" (key checka_in_<agreement>_<activity>)."""
    return {
        str(b.key).rsplit("_", 1)[1]
        for b in app.button
        if b.label == "Checka in" and b.key and str(b.key).startswith("checka_in_")
    }


def test_a_kommunpolis_may_check_in_the_police_s_and_the_joint_commitments(
    served_store: Path,
) -> None:
    app = quick_check(KIM.email)
    keys = checkin_keys(app)
    assert keys
    with store.open_store(served_store) as con:
        parties = {a.activity_key: a.party for a in store.fetch_current_activities(con, 1)}
    assert {parties[k] for k in keys} <= {Party.POLIS, Party.JOINT}
    shown = {k for k, p in parties.items() if p in (Party.POLIS, Party.JOINT)}
    assert keys <= shown


@pytest.mark.parametrize("who", [READER, MALMO_POLIS], ids=["reader", "another-lpo"])
def test_others_see_nothing_to_click(served_store: Path, who: UserAccount) -> None:
    assert checkin_keys(quick_check(who.email)) == set()


def test_an_admin_may_check_in_every_card(served_store: Path) -> None:
    app = quick_check("ada@burlov.se")
    assert "B3" in checkin_keys(app)  # a kommun's commitment


@pytest.mark.parametrize(
    "forged",
    [
        (1, "B3"),  # the kommun's activity, which Kim may not check in
        (1, "X9"),  # no such activity
        (99, "B4"),  # no such agreement
        ("1", "B4"),  # not an id at all
    ],
)
def test_a_forged_session_value_opens_nothing_and_saves_nothing(
    served_store: Path, forged: tuple[object, str]
) -> None:
    app = quick_check(KIM.email)
    before = store_snapshot(served_store)
    app.session_state[_OPEN_KEY] = forged
    app.run()
    assert_no_error(app)
    assert _OPEN_KEY not in app.session_state
    assert not [b for b in app.button if b.label == "Spara"]
    assert store_snapshot(served_store) == before


def test_the_dialog_opens_for_an_allowed_activity(served_store: Path) -> None:
    app = quick_check(KIM.email)
    button = next(b for b in app.button if b.key == "checka_in_1_B4")
    button.click().run()
    assert_no_error(app)
    assert [b for b in app.button if b.label == "Spara"]


def test_saving_from_the_dialog_is_a_version_by_the_user(served_store: Path) -> None:
    app = quick_check(KIM.email)
    next(b for b in app.button if b.key == "checka_in_1_B4").click().run()
    app.toggle(key="ci_1_B4_klar").set_value(True).run()
    app.text_area(key="ci_1_B4_kommentar").input("Klart i tisdags").run()
    next(b for b in app.button if b.label == "Spara").click().run()
    assert_no_error(app)
    with store.open_store(served_store) as con:
        upload = store.fetch_current_upload(con, 1)
        b4 = next(a for a in store.fetch_current_activities(con, 1) if a.activity_key == "B4")
    assert upload is not None
    assert (upload.file_name, upload.uploaded_by) == ("i appen", "Kim Polis (kim@polisen.se)")
    assert (b4.status.value if b4.status else None, b4.comment) == ("Genomförd", "Klart i tisdags")
    assert any(
        s.value.startswith("Sparat: Riktade narkotikakontroller vid Arlövs station markerad som")
        for s in app.success
    )
    assert not [b for b in app.button if b.label == "Spara"]  # the dialog closed
