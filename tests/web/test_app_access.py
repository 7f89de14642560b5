"""Served mode as scripts (AppTest): the login form, each role's navigation, refused writes.

A store with users is served mode: login first, then each role sees its pages. AppTest's
switch_page only reaches pages the navigation registered, so a page missing for a role
raises there, just as the address /ladda_upp finds no such page for a läsare.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from samverkan import accounts, store
from samverkan.accounts import hash_password
from samverkan.models import AuditAction, Role, UserAccount
from samverkan.store.audit import fetch_audit_log, save_audit_entry
from samverkan.store.users import save_user
from samverkan.web import auth
from samverkan.web.admin import log_file
from samverkan.web.auth import LOCKED_OUT, WRONG_LOGIN
from tests.conftest import make_activity_row, make_plan_workbook, store_snapshot
from tests.web.test_app import ROOT, all_text, assert_no_error

PASSWORD = "ett långt lösenord"
USERS = {
    "lasare@burlov.se": UserAccount(
        email="lasare@burlov.se", name="Lars Läsare", role=Role.READER, kommuner=("Burlöv",)
    ),
    "sam@lomma.se": UserAccount(
        email="sam@lomma.se", name="Sara Samordnare", role=Role.COORDINATOR, kommuner=("Lomma",)
    ),
    "admin@burlov.se": UserAccount(email="admin@burlov.se", name="Ada Admin", role=Role.ADMIN),
}


@pytest.fixture
def served_store(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo with three local accounts: a läsare, a samordnare for Lomma and an admin."""
    path = tmp_path / "served.duckdb"
    shutil.copy(demo_file, path)
    with store.open_store(path) as con:
        for user in USERS.values():
            save_user(con, user, hash_password(PASSWORD))
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    monkeypatch.setenv("SAMVERKAN_DEMO", "1")
    return path


def logged_in(email: str, page: str | None = None, **query: str) -> AppTest:
    """The app opened at a page (a deep link), then logged in through the form."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    log_in(app, email, PASSWORD)
    assert_no_error(app)
    return app


def log_in(app: AppTest, email: str, password: str) -> None:
    assert [t.value for t in app.title] == ["Logga in"]
    app.text_input(key="inloggning_epost").input(email)
    app.text_input(key="inloggning_losenord").input(password)
    next(b for b in app.button if b.label == "Logga in").click().run()


def buttons(app: AppTest, label: str) -> list[object]:
    return [b for b in app.button if b.label == label]


def test_the_login_form_shows_nothing_until_the_password_is_right(served_store: Path) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Logga in"]
    assert not app.sidebar.selectbox  # no agreement, no data before login
    assert "Burlöv" not in all_text(app)
    log_in(app, "sam@lomma.se", "fel lösenord")
    assert [e.value for e in app.error] == [WRONG_LOGIN]
    assert [t.value for t in app.title] == ["Logga in"]
    log_in(app, "SAM@lomma.se", PASSWORD)
    assert_no_error(app)
    # The demo holds Burlöv's agreement only: a samordnare for Lomma sees none of it.
    assert app.title[0].value == "Välkommen till Samverkan"
    assert "Burlöv" not in all_text(app)
    assert "Inloggad som **Sara Samordnare**, samordnare för Lomma" in [
        c.value for c in app.sidebar.caption
    ]
    with store.open_store(served_store) as con:
        log = [(e.action, e.actor) for e in fetch_audit_log(con)]
    assert log == [
        (AuditAction.LOGIN, "Sara Samordnare (sam@lomma.se)"),
        (AuditAction.LOGIN_FAILED, "sam@lomma.se"),
    ]


def test_a_deep_link_survives_the_login(served_store: Path) -> None:
    app = logged_in("lasare@burlov.se", "pages/snabbkoll.py", kommun="Burlöv", part="Polis")
    assert app.title[0].value.startswith("Snabbkoll")
    assert (app.query_params["kommun"], app.query_params["part"]) == ("Burlöv", "Polis")
    assert "Polis" in all_text(app)


@pytest.mark.parametrize(
    "page", ["pages/ladda_upp.py", "pages/overenskommelse.py", "pages/anvandare.py"]
)
def test_a_reader_is_never_offered_a_writing_page(served_store: Path, page: str) -> None:
    app = logged_in("lasare@burlov.se")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(page)


def test_a_reader_sees_history_without_withdraw_and_changes_without_the_meeting_form(
    served_store: Path,
) -> None:
    app = logged_in("lasare@burlov.se")
    app.switch_page("pages/historik.py").run()
    assert_no_error(app)
    # The originals may hold ej offentlig rows: only the kommun's samordnare take them out.
    assert not app.get("download_button")
    assert "kan laddas ned av kommunens samordnare" in all_text(app)
    assert not buttons(app, "Dra tillbaka")
    app.switch_page("pages/forandringar.py").run()
    assert_no_error(app)
    assert not buttons(app, "Spara mötet")


def burlov_plan() -> bytes:
    today = dt.date.today()
    return make_plan_workbook(
        [make_activity_row(Aktivitet="Ny insats i Arlöv", Slutdatum=today)],
        title_rows=[[f"Aktivitetsplan {today.year} för Burlövs kommun"]],
    )


def test_a_coordinator_for_lomma_is_not_offered_saving_a_burlov_plan(served_store: Path) -> None:
    app = logged_in("sam@lomma.se", "pages/ladda_upp.py")
    app.get("file_uploader")[0].upload("burlov.xlsx", burlov_plan()).run()  # type: ignore[attr-defined]
    assert "Du får inte ändra uppgifterna för Burlöv" in app.warning[0].value
    assert all(b.disabled for b in buttons(app, "Spara"))  # type: ignore[attr-defined]


def test_a_coordinator_for_lomma_cannot_save_a_burlov_plan(served_store: Path) -> None:
    """The check runs again on the server when Spara is pressed, not only when it is drawn.

    The samordnare has Burlöv when the button is drawn; the admin takes Burlöv away before
    the click (a browser cannot press a disabled button, so this is how the server's own
    check is reached): the click is refused in Swedish and the store is unchanged.
    """
    with store.open_store(served_store) as con:
        save_user(con, USERS["sam@lomma.se"].model_copy(update={"kommuner": ("Lomma", "Burlöv")}))
    app = logged_in("sam@lomma.se", "pages/ladda_upp.py")
    app.get("file_uploader")[0].upload("burlov.xlsx", burlov_plan()).run()  # type: ignore[attr-defined]
    (save,) = buttons(app, "Spara")
    assert not save.disabled  # type: ignore[attr-defined]
    with store.open_store(served_store) as con:
        save_user(con, USERS["sam@lomma.se"])  # a samordnare for Lomma only, from now on
    before = store_snapshot(served_store)
    save.click().run()  # type: ignore[attr-defined]
    assert not app.exception
    refusal = " ".join(e.value for e in app.error)
    assert "Du får inte ändra uppgifterna för Burlöv. Ditt konto gäller Lomma." in refusal
    assert "Inget har sparats" in refusal
    assert store_snapshot(served_store) == before
    with store.open_store(served_store) as con:
        entry = fetch_audit_log(con)[0]
    assert (entry.action, entry.kommun) == (AuditAction.REFUSED, "Burlöv")


def test_a_coordinator_saves_a_plan_of_their_own_kommun_and_it_is_logged(
    served_store: Path,
) -> None:
    today = dt.date.today()
    plan = make_plan_workbook(
        [make_activity_row(Aktivitet="Belysning vid Lomma hamn", Slutdatum=today)],
        title_rows=[[f"Aktivitetsplan {today.year} för Lomma kommun"]],
    )
    app = logged_in("sam@lomma.se", "pages/ladda_upp.py")
    app.get("file_uploader")[0].upload("lomma.xlsx", plan).run()  # type: ignore[attr-defined]
    assert not app.text_input  # the name comes from the login, not a text field
    buttons(app, "Spara")[0].click().run()  # type: ignore[attr-defined]
    assert_no_error(app)
    assert any("Sparat: 1 aktivitet" in s.value for s in app.success)
    with store.open_store(served_store) as con:
        entry = fetch_audit_log(con)[0]
        uploads = store.fetch_uploads(con)
    assert (entry.action, entry.kommun) == (AuditAction.UPLOAD, "Lomma")
    (lomma,) = [u for u in uploads if u.file_name == "lomma.xlsx"]
    assert lomma.uploaded_by == "Sara Samordnare (sam@lomma.se)"


def test_only_the_admin_may_withdraw_and_sees_users_and_the_log(served_store: Path) -> None:
    coordinator = logged_in("sam@lomma.se")
    coordinator.switch_page("pages/historik.py").run()
    assert not buttons(coordinator, "Dra tillbaka")
    admin = logged_in("admin@burlov.se")
    admin.switch_page("pages/historik.py").run()
    assert len(buttons(admin, "Dra tillbaka")) == 5  # four plans and the survey
    admin.switch_page("pages/anvandare.py").run()
    assert_no_error(admin)
    users = admin.dataframe[0].value.to_string()
    assert "sam@lomma.se" in users
    assert "samordnare" in users
    log = admin.dataframe[1].value.to_string()
    assert "inloggning" in log
    assert "Ada Admin" in log
    labels = [d.proto.label for d in admin.get("download_button")]
    assert labels == ["Ladda ned loggen som CSV", "Ladda ned loggen och användarna som Excel"]


def test_logging_out_returns_to_the_login_form(served_store: Path) -> None:
    app = logged_in("admin@burlov.se")
    buttons(app, "Logga ut")[0].click().run()  # type: ignore[attr-defined]
    assert [t.value for t in app.title] == ["Logga in"]


def test_local_mode_is_admin_with_the_users_page_saying_how_to_add_accounts(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "local.duckdb"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert app.title[0].value.startswith("Översikt")
    app.switch_page("pages/anvandare.py").run()
    assert_no_error(app)
    assert "lokalt läge" in app.info[0].value
    assert "den som sköter servern" in app.info[0].value
    assert "samverkan " not in app.info[0].value, "a page never tells its user to run a command"


PROVIDERS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "en hemlighet bara för testet",
    "entra": {
        "client_id": "kommunen",
        "client_secret": "x",
        "server_metadata_url": "https://login.example/.well-known/openid-configuration",
    },
    "polisen": {
        "client_id": "polisen",
        "client_secret": "y",
        "server_metadata_url": "https://polisen.example/.well-known/openid-configuration",
    },
}
LABELS = {"provider_labels": {"entra": "kommunens konto", "polisen": "Polisens konto"}}


def with_providers(user: dict[str, object], settings: dict[str, object] | None = None) -> AppTest:
    """The app with two identity providers in its secrets, and this st.user."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.secrets["auth"] = PROVIDERS
    app.secrets["samverkan"] = {**LABELS, **(settings or {})}
    app.user = user
    return app.run()


@pytest.fixture
def provider_store(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo with one user who logs in through an identity provider (no password)."""
    path = tmp_path / "provider.duckdb"
    shutil.copy(demo_file, path)
    with store.open_store(path) as con:
        save_user(con, USERS["sam@lomma.se"])
    monkeypatch.setenv("SAMVERKAN_DB", str(path))
    return path


def test_each_identity_provider_has_its_button_and_no_password_form(provider_store: Path) -> None:
    app = with_providers({"is_logged_in": False})
    assert [t.value for t in app.title] == ["Logga in"]
    assert [b.label for b in app.button] == [
        "Logga in med kommunens konto",
        "Logga in med Polisens konto",
    ]
    assert not app.text_input  # no local account has a password here


DOMAINS = {"provider_domains": {"entra": ["lomma.se"], "polisen": ["polisen.se"]}}
VERIFIED = {"is_logged_in": True, "name": "Någon", "iss": "x", "email_verified": True}


@pytest.mark.parametrize(
    ("claims", "settings", "title", "shown"),
    [
        # (the demo holds only Burlöv's agreement, which neither of the first two may see)
        ({"provider": "entra", "email": "Sam@Lomma.se"}, DOMAINS, "Välkommen",
         "samordnare för Lomma"),
        ({"provider": "polisen", "email": "okand@polisen.se"}, DOMAINS, "Logga in",
         "Du har inget konto – kontakta administratören."),
        ({"provider": "polisen", "email": "okand@polisen.se"},
         {**DOMAINS, "unknown_users_read": True}, "Välkommen", "läsare"),
        # Believed only for a verified address in a domain the provider may speak for.
        ({"provider": "entra", "email": "Sam@Lomma.se", "email_verified": False}, DOMAINS,
         "Logga in", "Inloggningen med kommunens konto har inte bekräftat din e-postadress"),
        ({"provider": "polisen", "email": "sam@lomma.se"}, DOMAINS, "Logga in",
         "Inloggningen med Polisens konto får inte logga in adresser på lomma"),
        ({"provider": "polisen", "email": "sam@lomma.se"},
         {**DOMAINS, "unknown_users_read": True}, "Logga in", "får inte logga in adresser"),
        ({"provider": "entra", "email": "sam@lomma.se"}, {}, "Logga in",
         "Inloggningen med kommunens konto är inte inställd för någon e-postdomän"),
        ({"provider": "entra", "preferred_username": "sam@lomma.se", "email_verified": None,
          "oid": "a1", "tid": "b2"}, DOMAINS, "Välkommen", "samordnare för Lomma"),
    ],
)  # fmt: skip
def test_a_provider_login_gets_its_role_from_the_store(
    provider_store: Path,
    claims: dict[str, object],
    settings: dict[str, object],
    title: str,
    shown: str,
) -> None:
    app = with_providers({**VERIFIED, **claims}, settings)
    assert not app.exception
    assert app.title[0].value.startswith(title)
    texts = [e.value for e in app.error] + [c.value for c in app.sidebar.caption]
    assert any(shown in t for t in texts), texts


def test_the_agreement_editor_checks_the_kommun_again_when_saving(served_store: Path) -> None:
    """Drawn for a samordnare of Burlöv, saved after Burlöv was taken away: nothing saved, and
    Burlöv's agreement is no longer offered at all (the sidebar lists only her kommuner)."""
    sam = USERS["sam@lomma.se"]
    with store.open_store(served_store) as con:
        save_user(con, sam.model_copy(update={"kommuner": ("Lomma", "Burlöv")}))
        (burlov,) = store.fetch_agreements(con)
    app = logged_in("sam@lomma.se", "pages/overenskommelse.py")
    save = app.button(key=f"spara_{burlov.id}_0")
    assert not save.disabled
    with store.open_store(served_store) as con:
        save_user(con, sam)
    before = store_snapshot(served_store)
    save.click().run()
    assert not app.exception
    assert store_snapshot(served_store) == before
    assert not [b for b in app.button if b.key == f"spara_{burlov.id}_0"]
    assert not app.sidebar.selectbox
    assert "Burlöv" not in all_text(app)


def test_ej_offentlig_is_checked_again_when_saving(served_store: Path) -> None:
    """Drawn for a samordnare of Burlöv, saved after Burlöv was taken away: refused, logged."""
    sam = USERS["sam@lomma.se"]
    with store.open_store(served_store) as con:
        save_user(con, sam.model_copy(update={"kommuner": ("Lomma", "Burlöv")}))
    app = logged_in("sam@lomma.se", "pages/overenskommelse.py")
    app.segmented_control(key="overenskommelse_lage").set_value("Ej offentliga aktiviteter").run()
    editor = app.data_editor[0]
    assert editor.key
    app.session_state[editor.key] = {
        "edited_rows": {0: {"Ej offentlig": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    save = buttons(app, "Spara")[0]
    assert not save.disabled  # type: ignore[attr-defined]
    with store.open_store(served_store) as con:
        save_user(con, sam)
    before = store_snapshot(served_store)
    save.click().run()  # type: ignore[attr-defined]
    assert not app.exception
    assert "Du får inte ändra uppgifterna för Burlöv" in " ".join(e.value for e in app.error)
    assert store_snapshot(served_store) == before
    with store.open_store(served_store) as con:
        entry = fetch_audit_log(con)[0]
    assert (entry.action, entry.kommun) == (AuditAction.REFUSED, "Burlöv")
    assert all(b.disabled for b in buttons(app, "Spara"))  # type: ignore[attr-defined]


def test_the_kommuns_samordnare_may_take_the_original_files(served_store: Path) -> None:
    with store.open_store(served_store) as con:
        save_user(con, USERS["sam@lomma.se"].model_copy(update={"kommuner": ("Burlöv",)}))
    app = logged_in("sam@lomma.se", "pages/historik.py")
    assert [d.proto.label for d in app.get("download_button")] == ["Originalfilen"] * 5  # type: ignore[attr-defined]


def test_five_wrong_passwords_lock_the_login_for_a_while(served_store: Path) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for _ in range(5):
        log_in(app, "sam@lomma.se", "fel lösenord")
    log_in(app, "sam@lomma.se", PASSWORD)
    assert [e.value for e in app.error] == [LOCKED_OUT]
    assert [t.value for t in app.title] == ["Logga in"]


def test_a_five_megabyte_email_is_refused_before_any_hash_and_logs_nothing(
    served_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's three 5 MB e-mails: three 5 MB audit rows and three 64 MiB hashes before."""
    checked: list[str] = []
    monkeypatch.setattr(accounts, "verify_password", lambda h, p: bool(checked.append(p)))
    log_before = store_snapshot(served_store)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for _ in range(3):
        app.text_input(key="inloggning_epost").set_value("a" * 5_000_000 + "@lomma.se")
        app.text_input(key="inloggning_losenord").set_value("fel lösenord")
        next(b for b in app.button if b.label == "Logga in").click().run()
    assert checked == []
    assert store_snapshot(served_store) == log_before
    assert [e.value for e in app.error] == [auth.NOT_AN_EMAIL]
    assert [t.value for t in app.title] == ["Logga in"]


def test_the_log_files_are_made_when_their_button_is_pressed_not_on_every_draw(
    served_store: Path,
) -> None:
    admin = logged_in("admin@burlov.se", "pages/anvandare.py")
    buttons_drawn = admin.get("download_button")
    assert [d.proto.label for d in buttons_drawn] == [  # type: ignore[attr-defined]
        "Ladda ned loggen som CSV",
        "Ladda ned loggen och användarna som Excel",
    ]
    for button in buttons_drawn:
        assert button.proto.deferred_file_id  # type: ignore[attr-defined]
        assert not button.proto.url  # type: ignore[attr-defined]


@pytest.mark.parametrize(("email", "made"), [("admin@burlov.se", True), ("sam@lomma.se", False)])
def test_a_log_file_is_only_made_for_someone_who_is_still_an_admin(
    served_store: Path, email: str, made: bool
) -> None:
    with store.open_store(served_store) as con:
        save_audit_entry(con, "Ada Admin (admin@burlov.se)", AuditAction.LOGIN, "Lokalt konto")
    if made:
        csv_text = log_file(str(served_store), "csv", email).decode("utf-8-sig")
        assert csv_text.splitlines()[0] == "Tid;Vem;Vad;Kommun;Beskrivning"
        assert "Ada Admin (admin@burlov.se);inloggning;;Lokalt konto" in csv_text
        assert log_file(str(served_store), "xlsx", email).startswith(b"PK")
    else:
        with pytest.raises(PermissionError):
            log_file(str(served_store), "csv", email)
