""" "Ladda ned aktuell plan" on Ladda upp and Överenskommelse: for whom it is drawn, and the
file the button hands out (rights read again when it is pressed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samverkan import store
from samverkan.access import LOCAL_ADMIN
from samverkan.accounts import hash_password
from samverkan.exports.current_plan import fetch_current_plan_for
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log
from samverkan.store.users import save_user
from samverkan.web.current_plan import LABEL
from tests.web.test_app import assert_no_error, open_page
from tests.web.test_app_access import PASSWORD, logged_in

TEMPLATE = "Ladda ned Excel-mallen"
BURLOV_COORDINATOR = UserAccount(
    email="sam@burlov.se", name="Sam Burlöv", role=Role.COORDINATOR, kommuner=("Burlöv",)
)
LOMMA_COORDINATOR = UserAccount(
    email="sam@lomma.se", name="Sara Samordnare", role=Role.COORDINATOR, kommuner=("Lomma",)
)
ADMIN = UserAccount(email="admin@burlov.se", name="Ada Admin", role=Role.ADMIN)


def downloads(app: object) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", ["pages/ladda_upp.py", "pages/overenskommelse.py"])
def test_local_mode_offers_the_current_plan(demo_store: Path, page: str) -> None:
    app = open_page(page)
    assert_no_error(app)
    assert LABEL in downloads(app)
    if page == "pages/ladda_upp.py":
        assert downloads(app)[:2] == [TEMPLATE, LABEL]  # beside the template


@pytest.fixture
def served_store(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "served.duckdb"
    shutil.copy(demo_file, path)
    with store.open_store(path) as con:
        for user in (BURLOV_COORDINATOR, LOMMA_COORDINATOR, ADMIN):
            save_user(con, user, hash_password(PASSWORD))
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return path


@pytest.mark.usefixtures("served_mode")
@pytest.mark.parametrize(
    ("email", "offered"),
    [("sam@burlov.se", True), ("admin@burlov.se", True), ("sam@lomma.se", False)],
)
def test_only_who_may_write_the_kommuns_plan_gets_the_button(
    served_store: Path, email: str, offered: bool
) -> None:
    for page in ("pages/ladda_upp.py", "pages/overenskommelse.py"):
        app = logged_in(email, page)
        assert_no_error(app)
        assert (LABEL in downloads(app)) is offered, (email, page)


def test_the_rights_are_read_again_when_the_button_is_pressed(
    demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "rights.duckdb"
    shutil.copy(demo_file, path)
    with store.open_store(path) as con:
        save_user(con, BURLOV_COORDINATOR)
        [agreement] = store.fetch_agreements(con)
        assert fetch_current_plan_for(con, agreement, BURLOV_COORDINATOR, "Sam")
        assert fetch_current_plan_for(con, agreement, LOCAL_ADMIN, "lokal användare")
        # the admin took Burlöv away after the page was drawn
        save_user(con, BURLOV_COORDINATOR.model_copy(update={"kommuner": ("Lomma",)}))
        assert fetch_current_plan_for(con, agreement, BURLOV_COORDINATOR, "Sam") is None
        assert fetch_current_plan_for(con, agreement, None, "okänd") is None
        refused = [e for e in fetch_audit_log(con) if e.action is AuditAction.REFUSED]
    assert [(e.actor, e.kommun) for e in refused] == [("okänd", "Burlöv"), ("Sam", "Burlöv")]
