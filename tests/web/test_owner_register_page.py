"""The e-mail register on Överenskommelse and the meeting's reminder button (AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from samverkan import store
from samverkan.models import AuditAction, MeetingBody
from samverkan.store.audit import fetch_audit_log
from samverkan.store.meetings import save_meeting
from samverkan.store.reminders import fetch_owner_addresses
from samverkan.store.users import save_user
from samverkan.web.owner_register import EMAIL
from tests.conftest import store_snapshot
from tests.web.test_agreement_page import ROOT, assert_no_exception
from tests.web.test_app_access import USERS, logged_in, served_store  # noqa: F401 - a fixture

PAGE = "pages/overenskommelse.py"
MODE = "E-post till ansvariga"


def open_register() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(PAGE).run()
    app.segmented_control(key="overenskommelse_lage").set_value(MODE).run()
    assert_no_exception(app)
    return app


def edit_emails(app: AppTest, emails: dict[str, str]) -> None:
    """Type addresses into the E-post column, by owner, as the grid reports its edits."""
    editor = app.data_editor[0]
    owners = list(editor.value["Ansvarig"])
    assert editor.key
    app.session_state[editor.key] = {
        "edited_rows": {owners.index(o): {EMAIL: e} for o, e in emails.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()


def register(path: Path) -> dict[str, str]:
    with store.open_store(path) as con:
        return {a.owner: a.email for a in fetch_owner_addresses(con, "Burlöv")}


def test_the_owners_of_the_plan_with_their_commitments(writable_demo_store: Path) -> None:
    app = open_register()
    table = app.data_editor[0].value
    rows = dict(zip(table["Ansvarig"], table["Åtaganden"], strict=True))
    assert rows["Kommunpolis"] == 6
    assert rows["Socialtjänsten"] == 5
    assert set(table[EMAIL]) == {""}
    assert "Ej offentliga åtaganden räknas bara" in " ".join(m.value for m in app.markdown)


def test_addresses_are_saved_and_logged(writable_demo_store: Path) -> None:
    app = open_register()
    edit_emails(app, {"Kommunpolis": " kim@polisen.se ", "Socialtjänsten": "soc@burlov.se"})
    next(b for b in app.button if b.label == "Spara adresserna").click().run()
    assert_no_exception(app)
    assert "Sparat: 2 adresser ändrade i e-postregistret." in [s.value for s in app.success]
    assert register(writable_demo_store) == {
        "Kommunpolis": "kim@polisen.se",
        "Socialtjänsten": "soc@burlov.se",
    }
    table = app.data_editor[0].value  # drawn again from the store
    assert dict(zip(table["Ansvarig"], table[EMAIL], strict=True))["Kommunpolis"] == (
        "kim@polisen.se"
    )
    with store.open_store(writable_demo_store) as con:
        entry = fetch_audit_log(con)[0]
    assert (entry.action, entry.kommun) == (AuditAction.OWNER_ADDRESSES, "Burlöv")


def test_a_header_injection_or_two_addresses_save_nothing(writable_demo_store: Path) -> None:
    app = open_register()
    before = store_snapshot(writable_demo_store)
    edit_emails(
        app,
        {
            "Kommunpolis": "kim@polisen.se\r\nBcc: all@evil.example",
            "Socialtjänsten": "soc@burlov.se, chef@burlov.se",
            "Folkhälsostrateg": "Folke <folke@burlov.se>",
            "Region Skåne": "region@skane.se",
        },
    )
    next(b for b in app.button if b.label == "Spara adresserna").click().run()
    errors = " ".join(e.value for e in app.error).replace("\\", "")  # Markdown's escapes off
    assert "Inget har sparats" in errors
    assert "Kommunpolis: En e-postadress får inte innehålla radbrytningar." in errors
    assert "Socialtjänsten: Ange en enda e-postadress" in errors
    assert "Folkhälsostrateg: Ange bara adressen, utan namn" in errors
    assert store_snapshot(writable_demo_store) == before
    assert register(writable_demo_store) == {}


def test_the_register_checks_the_kommun_again_when_saving(served_store: Path) -> None:  # noqa: F811
    """Drawn for a samordnare of Burlöv, saved after Burlöv was taken away: refused, logged."""
    sam = USERS["sam@lomma.se"]
    with store.open_store(served_store) as con:
        save_user(con, sam.model_copy(update={"kommuner": ("Lomma", "Burlöv")}))
    app = logged_in("sam@lomma.se", PAGE)
    app.segmented_control(key="overenskommelse_lage").set_value(MODE).run()
    edit_emails(app, {"Kommunpolis": "kim@polisen.se"})
    save = next(b for b in app.button if b.label == "Spara adresserna")
    assert not save.disabled
    with store.open_store(served_store) as con:
        save_user(con, sam)
    save.click().run()
    assert "Du får inte ändra uppgifterna för Burlöv" in " ".join(e.value for e in app.error)
    assert register(served_store) == {}
    with store.open_store(served_store) as con:
        entry = fetch_audit_log(con)[0]
    assert (entry.action, entry.kommun) == (AuditAction.REFUSED, "Burlöv")
    # Burlöv is no longer hers to see: no register of it is offered to save again.
    assert not [b for b in app.button if b.label == "Spara adresserna" and not b.disabled]


def test_the_meeting_button_only_before_a_steering_meeting_and_only_for_writers(
    served_store: Path,  # noqa: F811
) -> None:
    with store.open_store(served_store) as con:
        (burlov,) = store.fetch_agreements(con)
        today = dt.date.today()
        save_meeting(con, burlov.id, today + dt.timedelta(days=3), MeetingBody.STEERING_GROUP)
        save_meeting(con, burlov.id, today + dt.timedelta(days=5), MeetingBody.WORKING_GROUP)
    admin = logged_in("admin@burlov.se", "pages/forandringar.py")
    assert [b.key for b in admin.button if b.label == "Påminn de ansvariga"] == [
        f"paminn_{m}" for m in _upcoming_steering_ids(served_store)
    ]
    reader = logged_in("lasare@burlov.se", "pages/forandringar.py")
    assert not [b for b in reader.button if b.label == "Påminn de ansvariga"]


def _upcoming_steering_ids(path: Path) -> list[int]:
    from samverkan.store.meetings import fetch_meetings

    with store.open_store(path) as con:
        (burlov,) = store.fetch_agreements(con)
        return [
            m.id
            for m in fetch_meetings(con, burlov.id)
            if m.body is MeetingBody.STEERING_GROUP and m.held_on >= dt.date.today()
        ]


def test_the_emails_link_opens_snabbkoll_on_the_same_late_and_missing_lists(
    writable_demo_store: Path,
) -> None:
    from urllib.parse import parse_qs, urlsplit

    from samverkan.mail import prepare_reminders
    from samverkan.models import CommitmentGroup
    from samverkan.reminders import snabbkoll_link
    from samverkan.store.reminders import save_owner_addresses
    from tests.web.test_app import open_page

    with store.open_store(writable_demo_store) as con:
        save_owner_addresses(con, "Burlöv", {"Kommunpolis": "kim@polisen.se"}, "t")
        prepared = prepare_reminders(con, "Burlöv", dt.datetime.now().astimezone())
    [item] = prepared.outgoing
    link = snabbkoll_link("https://samverkan.burlov.se", "Burlöv", "Kommunpolis")
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    app = open_page("pages/snabbkoll.py", **query)
    assert_no_exception(app)
    headings = [h.value.split(" ", 1)[1] for h in app.subheader]
    late = len(item.reminder.group(CommitmentGroup.LATE))
    missing = len(item.reminder.group(CommitmentGroup.FOLLOWUP_MISSING))
    assert f"Försenat ({late})" in headings
    assert f"Uppföljning saknas ({missing})" in headings
    assert late > 0
